from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from contact.forms import ContactForm
from contact.services import submit_message
from core import seo
from core.site import get_profile


@require_http_methods(["GET", "POST"])
def contact(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submit_message(**form.cleaned_data)
        return redirect("contact:thanks")
    profile = get_profile(request)
    heading = profile.contact_heading or "Contact"
    meta = seo.PageMeta(
        title=f"{'Error: ' if form.errors else ''}{heading} — {profile.name}",
        description=profile.contact_intro,
        path=reverse("contact:form"),
        structured_data=[seo.breadcrumbs([("Home", "/"), (heading, reverse("contact:form"))])],
    )
    return render(request, "contact/contact.html", {"form": form, "meta": meta})


def thanks(request):
    profile = get_profile(request)
    meta = seo.PageMeta(
        title=f"Message sent — {profile.name}", path=reverse("contact:thanks"), noindex=True
    )
    return render(request, "contact/thanks.html", {"meta": meta})
