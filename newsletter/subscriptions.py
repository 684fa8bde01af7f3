"""Signing up, confirming and leaving (docs/newsletter.md).

Nothing but the confirmation is ever sent to an address before it is confirmed; the page says
the same thing whether or not the address was already subscribed, so that it tells no one who
is; and a confirmation is not sent again to one address sooner than NEWSLETTER_RESEND_MINUTES,
so that the form cannot be used to flood someone's inbox.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from core.seo import absolute_url
from newsletter.emails import confirmation_email
from newsletter.models import Subscriber

CONFIRM_SALT = "newsletter.confirm"


def subscribe(email, source=""):
    """Record a sign-up and queue its confirmation email, unless one went out lately or the
    address is already confirmed."""
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email, defaults={"source": source})
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        resend_after = timedelta(minutes=settings.NEWSLETTER_RESEND_MINUTES)
        sent_at = subscriber.confirmation_sent_at
        if sent_at is None or sent_at <= now - resend_after:
            subscriber.confirmation_sent_at = now
            subscriber.save(update_fields=["confirmation_sent_at"])
            transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk))
    return subscriber


def confirmation_link(subscriber):
    token = signing.dumps(subscriber.email, salt=CONFIRM_SALT)
    return absolute_url(reverse("newsletter:confirm", args=[token]))


def confirm(token):
    """Confirm the address a link names; raises signing.SignatureExpired for a link past
    NEWSLETTER_CONFIRM_HOURS, signing.BadSignature for a forged one, Subscriber.DoesNotExist
    for an address no longer waiting (deleted, or unsubscribed since)."""
    max_age = timedelta(hours=settings.NEWSLETTER_CONFIRM_HOURS)
    email = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    subscriber = Subscriber.objects.get(email=email)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


def unsubscribe(token):
    """Delete the subscriber the token names, with the emails still waiting for them; return
    whether there was one. The address is not kept in any form."""
    deleted, _ = Subscriber.objects.filter(token=token).delete()
    return bool(deleted)


def purge_unconfirmed(now=None):
    """Delete sign-ups not confirmed within NEWSLETTER_UNCONFIRMED_DAYS; return how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NEWSLETTER_UNCONFIRMED_DAYS)
    stale = Subscriber.objects.filter(status=Subscriber.Status.PENDING, created_at__lt=cutoff)
    return stale.delete()[0]


@task()
def send_confirmation(subscriber_pk):
    """Email the confirmation link. Should the mail server fail, the reader may ask again at
    once: the task is not retried, and nothing about the address is sent later unasked."""
    subscriber = Subscriber.objects.filter(pk=subscriber_pk).first()
    if subscriber is None or subscriber.status == Subscriber.Status.CONFIRMED:
        return False
    try:
        confirmation_email(subscriber, confirmation_link(subscriber)).send()
    except Exception:
        Subscriber.objects.filter(pk=subscriber_pk).update(confirmation_sent_at=None)
        raise
    return True
