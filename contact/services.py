"""Writes for the contact form: store the message, then deliver its email from the task queue.

The ContactMessage row is the outbox: it records every attempt, the last error and when the next
attempt is due, so a message is never lost while mail is down. A sender claims a row with one
UPDATE before it talks to the mail server, so the worker, the `send_contact_messages` command and
a second copy of either, running at the same moment, never send one message twice.
"""

import logging
from datetime import timedelta
from email.utils import formataddr
from uuid import uuid4

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from contact import tasks
from contact.models import ContactMessage

logger = logging.getLogger(__name__)

Delivery = ContactMessage.Delivery
# How long one sender holds a message: far longer than any SMTP conversation (EMAIL_TIMEOUT).
SEND_CLAIM = timedelta(minutes=5)
# The wait after the first failed attempt, doubled after each further one, up to RETRY_CAP.
RETRY_BASE = timedelta(minutes=2)
RETRY_CAP = timedelta(hours=6)


def submit_message(*, name, email, message, company="", idempotency_key=None, spam_reason=""):
    """Store a message from the contact form and queue its email once the row is committed.

    Returns (message, created): a second submission with the same idempotency key returns the
    first message and stores and sends nothing. A message taken for spam is stored, not sent.
    """
    fields = {"name": name, "email": email, "company": company, "message": message}
    existing = ContactMessage.objects.sent_before(idempotency_key, fields)
    if existing is not None:
        return existing, False
    if ContactMessage.objects.filter(idempotency_key=idempotency_key).exists():
        # A page kept by the browser, used again for another message: a message of its own.
        idempotency_key = uuid4()
    if spam_reason:
        fields |= {
            "status": ContactMessage.Status.SPAM,
            "spam_reason": spam_reason,
            "delivery": Delivery.WITHHELD,
        }
    else:
        fields["next_attempt_at"] = timezone.now()
    try:
        with transaction.atomic():
            contact_message = ContactMessage.objects.create(
                idempotency_key=idempotency_key, **fields
            )
    except IntegrityError:
        # The same copy of the form, submitted twice at the same moment: the other one won.
        return ContactMessage.objects.get(idempotency_key=idempotency_key), False
    if not spam_reason:
        _enqueue_on_commit(contact_message.pk)
    return contact_message, True


def _enqueue_on_commit(pk, at=None):
    def enqueue():
        task = tasks.deliver_message.using(run_after=at) if at else tasks.deliver_message
        task.enqueue(pk)

    transaction.on_commit(enqueue)


def deliver(pk, now=None):
    """Email one message to CONTACT_RECIPIENTS if it is due, and record the outcome on it.

    Returns the delivery state afterwards, or None when the message was not due (already sent,
    claimed by another sender, or waiting for its next attempt).
    """
    now = now or timezone.now()
    claimed = (
        ContactMessage.objects.due(now)
        .filter(pk=pk)
        .update(sending_until=now + SEND_CLAIM, send_attempts=F("send_attempts") + 1)
    )
    if not claimed:
        return None
    contact_message = ContactMessage.objects.get(pk=pk)
    try:
        build_email(contact_message).send()
    except Exception as error:  # Any mail failure is recorded; the message itself is kept.
        return _record_failure(contact_message, error, now)
    contact_message.delivery = Delivery.SENT
    contact_message.sent_at = timezone.now()
    contact_message.last_error = ""
    contact_message.next_attempt_at = None
    contact_message.sending_until = None
    contact_message.save(
        update_fields=["delivery", "sent_at", "last_error", "next_attempt_at", "sending_until"]
    )
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


def retry_delivery(queryset):
    """Send the email of these messages again now (failed or pending ones, not spam)."""
    pks = list(
        queryset.filter(delivery__in=[Delivery.PENDING, Delivery.FAILED]).values_list(
            "pk", flat=True
        )
    )
    count = ContactMessage.objects.filter(pk__in=pks).update(
        delivery=Delivery.PENDING, send_attempts=0, next_attempt_at=timezone.now()
    )
    for pk in pks:
        _enqueue_on_commit(pk)
    return count


def mark_spam(queryset):
    """Move messages to spam; an email not sent yet is never sent."""
    count = queryset.update(status=ContactMessage.Status.SPAM)
    queryset.filter(delivery=Delivery.PENDING).update(delivery=Delivery.WITHHELD)
    return count


def mark_not_spam(queryset):
    """Move messages out of spam into the inbox, and send the email they were refused."""
    queryset = queryset.filter(status=ContactMessage.Status.SPAM)
    withheld = list(queryset.filter(delivery=Delivery.WITHHELD).values_list("pk", flat=True))
    count = queryset.update(status=ContactMessage.Status.NEW, spam_reason="")
    ContactMessage.objects.filter(pk__in=withheld).update(
        delivery=Delivery.PENDING, send_attempts=0, next_attempt_at=timezone.now()
    )
    for pk in withheld:
        _enqueue_on_commit(pk)
    return count


def purge_messages(older_than_days, spam_older_than_days):
    """Delete messages older than the given ages; returns (messages, spam) deleted."""
    spam = ContactMessage.objects.filter(status=ContactMessage.Status.SPAM)
    spam_deleted, _ = spam.older_than(spam_older_than_days).delete()
    deleted, _ = ContactMessage.objects.older_than(older_than_days).delete()
    return deleted, spam_deleted


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
