"""Writes for the contact form: store the message, then mail it to the owner after commit."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from contact.models import ContactMessage

logger = logging.getLogger(__name__)

# After this many failed attempts a message is left for the owner to read in the admin.
MAX_SEND_ATTEMPTS = 10
# How long one sender holds a message; longer than any SMTP conversation can take.
SEND_CLAIM = timedelta(minutes=5)


def submit_message(*, name, email, message, company=""):
    """Store a message from the contact form; the email goes out once the row is committed."""
    contact_message = ContactMessage.objects.create(
        name=name, email=email, company=company, message=message
    )
    transaction.on_commit(lambda: send_message(contact_message.pk))
    return contact_message


def send_message(pk):
    """Email one stored message to CONTACT_RECIPIENTS, recording success or the error on it.

    The row is claimed first, in one UPDATE, so that a retry running at the same moment as the
    first attempt (or two retries at once) cannot send it twice.
    """
    now = timezone.now()
    claimed = (
        ContactMessage.objects.unsent()
        .filter(pk=pk)
        .filter(Q(sending_until__isnull=True) | Q(sending_until__lt=now))
        .update(sending_until=now + SEND_CLAIM, send_attempts=F("send_attempts") + 1)
    )
    if not claimed:
        return False
    contact_message = ContactMessage.objects.get(pk=pk)
    try:
        _build_email(contact_message).send()
    except Exception as error:  # Any mail failure is recorded; the message itself is kept.
        logger.warning("Contact message %s not sent: %s", pk, error)
        contact_message.last_error = f"{type(error).__name__}: {error}"[:2000]
        contact_message.sending_until = None
        contact_message.save(update_fields=["last_error", "sending_until"])
        return False
    contact_message.sent_at = timezone.now()
    contact_message.last_error = ""
    contact_message.sending_until = None
    contact_message.save(update_fields=["sent_at", "last_error", "sending_until"])
    return True


def send_unsent_messages(max_attempts=MAX_SEND_ATTEMPTS):
    """Retry every stored message whose email has not gone out; return (sent, failed) counts."""
    sent = failed = 0
    for pk in (
        ContactMessage.objects.unsent()
        .filter(send_attempts__lt=max_attempts)
        .values_list("pk", flat=True)
    ):
        if send_message(pk):
            sent += 1
        else:
            failed += 1
    return sent, failed


def _build_email(contact_message):
    company = f" ({contact_message.company})" if contact_message.company else ""
    body = (
        f"From: {contact_message.name}{company} <{contact_message.email}>\n"
        f"Sent: {contact_message.created_at:%Y-%m-%d %H:%M %Z}\n\n"
        f"{contact_message.message}\n"
    )
    return EmailMessage(
        subject=f"Message from {contact_message.name} via the contact form",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=settings.CONTACT_RECIPIENTS,
        reply_to=[contact_message.email],
    )
