from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from contact.forms import ContactForm
from contact.services import RateLimited, submit_message
from owner.site import get_profile, page_meta
from web.http import over_rate_limit


@require_http_methods(["GET", "HEAD", "POST"])
# Made for each visitor (its CSRF token, time stamp and key are theirs), so no shared cache may
# keep it; a browser may, so that going back to a sent form shows that same copy again.
@cache_control(private=True, max_age=0)
def contact(request):
    if request.method != "POST":
        return _render_form(request, ContactForm())
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.CONTACT_MAX_BODY_BYTES:
        # Refused before the body is read: no honest message is that long.
        return render(request, "400.html", status=400)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form)
    try:
        submit_message(
            **form.message_fields,
            idempotency_key=form.cleaned_data["key"],
            spam_reason=form.spam_reason(),
            count_sender=lambda: _count_against_the_rate_limit(request),
        )
    except RateLimited as limited:
        response = _render_form(request, form, status=429, retry_after=limited.retry_after)
        response["Retry-After"] = str(limited.retry_after)
        return response
    # Sent, or the same message sent again from the same copy of the form.
    return redirect("contact:thanks")


def _count_against_the_rate_limit(request):
    retry_after = over_rate_limit(request, "contact", settings.CONTACT_RATE_LIMIT)
    if retry_after is not None:
        raise RateLimited(retry_after)


@require_safe
def thanks(request):
    meta = page_meta(request, "Message sent", path=reverse("contact:thanks"), noindex=True)
    return render(request, "contact/thanks.html", {"meta": meta})


def csrf_failure(request, reason=""):
    """A refused contact form (expired page, blocked cookie) comes back filled in, to resend."""
    if request.method != "POST" or request.path != reverse("contact:form"):
        return django_csrf_failure(request, reason)
    kept = [*ContactForm.Meta.fields, "shown_at", "key"]
    form = ContactForm(initial={name: request.POST.get(name, "") for name in kept})
    return _render_form(request, form, status=403, session_expired=True)


def _render_form(request, form, status=200, session_expired=False, retry_after=None):
    profile = get_profile(request)
    heading = profile.contact_heading or "Contact"
    not_sent = form.errors or session_expired or retry_after
    meta = page_meta(
        request,
        f"{'Error: ' if not_sent else ''}{heading}",
        description=profile.contact_intro,
        path=reverse("contact:form"),
        breadcrumbs=[(heading, reverse("contact:form"))],
    )
    context = {
        "form": form,
        "meta": meta,
        "session_expired": session_expired,
        "retry_minutes": -(-retry_after // 60) if retry_after else None,
    }
    return render(request, "contact/contact.html", context, status=status)
