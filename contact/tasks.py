"""Delivery of the contact form's messages: their email, sent by the task worker
(`manage.py db_worker`), and by `send_contact_messages` for whatever is due.

The ContactMessage row is the outbox: it records every attempt, the last error and when the next
attempt is due, so a message is never lost while mail is down. A sender claims a row with one
UPDATE before it talks to the mail server, and in the same transaction queues a check of the
message for when the claim lapses: should the sender die (a worker killed, a machine lost), the
running worker takes the message up again then. Two senders never hold one message at once.

What is promised (docs/contact.md): every message is emailed at least once. It is emailed twice
only when a sender dies after the mail server accepted the message and before the row recorded
it, a window of one database write; the second email carries the same Message-ID, by which mail
clients show it once.
"""

import logging
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from contact.models import ContactMessage

logger = logging.getLogger(__name__)

Delivery = ContactMessage.Delivery
# The wait after the first failed attempt, doubled after each further one, up to RETRY_CAP.
RETRY_BASE = timedelta(minutes=2)
RETRY_CAP = timedelta(hours=6)


@task()
def deliver_message(message_pk):
    """Email one stored message if it is due; after a failure, queue the next attempt."""
    delivery = deliver(message_pk)
    if delivery == Delivery.PENDING:
        message = ContactMessage.objects.get(pk=message_pk)
        enqueue_delivery(message_pk, at=message.next_attempt_at)
    return delivery


def enqueue_delivery(pk, at=None):
    """Queue the delivery of a message, at `at` or now."""
    (deliver_message.using(run_after=at) if at else deliver_message).enqueue(pk)


def send_claim():
    """How long one sender holds a message: far longer than any SMTP conversation."""
    return timedelta(seconds=settings.CONTACT_SEND_CLAIM_SECONDS)


def deliver(pk, now=None):
    """Email one message to CONTACT_RECIPIENTS if it is due, and record the outcome on it.

    Returns the delivery state afterwards, or None when the message was not due (already sent,
    claimed by another sender, or waiting for its next attempt).
    """
    now = now or timezone.now()
    lapses_at = now + send_claim()
    with transaction.atomic():
        claimed = (
            ContactMessage.objects.due(now)
            .filter(pk=pk)
            .update(sending_until=lapses_at, send_attempts=F("send_attempts") + 1)
        )
        if not claimed:
            return None
        # In the claim's transaction: should this sender die, the message is taken up there.
        enqueue_delivery(pk, at=lapses_at)
    contact_message = ContactMessage.objects.get(pk=pk)
    connection = get_connection()
    try:
        # Opened here, so that sending leaves it open: the row records the server's acceptance
        # before the connection is closed, not after.
        connection.open()
        connection.send_messages([build_email(contact_message)])
    except Exception as error:  # Any mail failure is recorded; the message itself is kept.
        connection.close()
        return _record_failure(contact_message, error, now)
    contact_message.delivery = Delivery.SENT
    contact_message.sent_at = timezone.now()
    contact_message.last_error = ""
    contact_message.next_attempt_at = None
    contact_message.sending_until = None
    contact_message.save(
        update_fields=["delivery", "sent_at", "last_error", "next_attempt_at", "sending_until"]
    )
    connection.close()
    return Delivery.SENT


def _record_failure(contact_message, error, now):
    attempts = contact_message.send_attempts
    contact_message.last_error = f"{type(error).__name__}: {error}"[:2000]
    contact_message.sending_until = None
    if attempts >= settings.CONTACT_MAX_SEND_ATTEMPTS:
        contact_message.delivery = Delivery.FAILED
        contact_message.next_attempt_at = None
        logger.error("Contact message %s not sent after %s attempts", contact_message.pk, attempts)
    else:
        contact_message.next_attempt_at = now + retry_delay(attempts)
        logger.warning(
            "Contact message %s not sent (attempt %s), next attempt at %s: %s",
            contact_message.pk,
            attempts,
            contact_message.next_attempt_at.isoformat(),
            contact_message.last_error,
        )
    contact_message.save(
        update_fields=["delivery", "last_error", "next_attempt_at", "sending_until"]
    )
    return contact_message.delivery


def retry_delay(attempts):
    """The wait after `attempts` failed attempts: 2 min, 4, 8, … up to 6 hours."""
    return min(RETRY_BASE * 2 ** (attempts - 1), RETRY_CAP)


def send_due_messages(now=None):
    """Deliver every message that is due now; returns (sent, still waiting) counts."""
    now = now or timezone.now()
    sent = 0
    for pk in ContactMessage.objects.due(now).values_list("pk", flat=True):
        if deliver(pk, now) == Delivery.SENT:
            sent += 1
    waiting = ContactMessage.objects.filter(delivery=Delivery.PENDING).count()
    return sent, waiting


def build_email(contact_message):
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
        reply_to=[formataddr((contact_message.name, contact_message.email))],
        headers={"Message-ID": contact_message.message_id},
    )
