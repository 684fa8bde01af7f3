from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from contact.forms import ContactForm
from contact.services import submit_message
from core.models import Profile


@require_http_methods(["GET", "POST"])
def contact(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submit_message(**form.cleaned_data)
        return redirect("contact:thanks")
    return render(request, "contact/contact.html", {"form": form, "profile": Profile.load()})


def thanks(request):
    return render(request, "contact/thanks.html", {"profile": Profile.load()})
