from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.http import require_http_methods

from contact.forms import ContactForm
from contact.services import submit_message
from core.site import get_profile, page_meta


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    form = ContactForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        submit_message(**form.cleaned_data)
        return redirect("contact:thanks")
    return _render_form(request, form)


def thanks(request):
    meta = page_meta(request, "Message sent", path=reverse("contact:thanks"), noindex=True)
    return render(request, "contact/thanks.html", {"meta": meta})


def csrf_failure(request, reason=""):
    """A refused contact form (expired page, blocked cookie) comes back filled in, to resend."""
    if request.method != "POST" or request.path != reverse("contact:form"):
        return django_csrf_failure(request, reason)
    form = ContactForm(
        initial={name: request.POST.get(name, "") for name in ContactForm.Meta.fields}
    )
    return _render_form(request, form, status=403, session_expired=True)


def _render_form(request, form, status=200, session_expired=False):
    profile = get_profile(request)
    heading = profile.contact_heading or "Contact"
    meta = page_meta(
        request,
        f"{'Error: ' if form.errors or session_expired else ''}{heading}",
        description=profile.contact_intro,
        path=reverse("contact:form"),
        breadcrumbs=[(heading, reverse("contact:form"))],
    )
    context = {"form": form, "meta": meta, "session_expired": session_expired}
    return render(request, "contact/contact.html", context, status=status)
