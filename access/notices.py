"""The owner hears of each sign-in to the admin: an email, sent by the task worker, with the
time, the browser and the way, and a link to end every other session."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks import task

from core.seo import absolute_url

MAX_USER_AGENT = 300


def way_of(device, with_password=True):
    """How a sign-in was made, in words: the second factor's device, after a password or not."""
    if device is None:
        factor = None
    elif isinstance(device, TOTPDevice):
        factor = "authenticator app"
    elif isinstance(device, StaticDevice):
        factor = "recovery code"
    else:
        factor = "passkey"
    if not with_password:
        return f"{factor}, without a password"
    return f"password and {factor}" if factor else "password only"


def notify(request, user, way):
    """Queue the notice of a sign-in just made."""
    user_agent = request.headers.get("User-Agent", "")[:MAX_USER_AGENT]
    send_sign_in_notice.enqueue(user.pk, timezone.now().isoformat(), user_agent, way)


@task()
def send_sign_in_notice(user_pk, at, user_agent, way):
    user = get_user_model().objects.get(pk=user_pk)
    context = {
        "user": user,
        "at": parse_datetime(at),
        "user_agent": user_agent or "(the browser did not say)",
        "way": way,
        "end_sessions_url": absolute_url(reverse("admin:end_other_sessions")),
        "site_url": settings.SITE_URL,
    }
    EmailMessage(
        subject=f"New sign-in to {settings.SITE_URL.split('://')[-1]}",
        body=render_to_string("access/email/sign_in_notice.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email] if user.email else settings.CONTACT_RECIPIENTS,
    ).send()


def end_other_sessions(request):
    """Delete every session of the signed-in user but this one; return how many."""
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if session.session_key == request.session.session_key:
            continue
        if session.get_decoded().get(SESSION_KEY) == str(request.user.pk):
            # Through the session engine, so that its cached copy goes too.
            engine.SessionStore(session.session_key).delete()
            ended += 1
    return ended
