"""Writes for the contact form and the owner's inbox: store a message and queue its email
(contact.tasks delivers it), send again, move to and from spam, purge."""

from uuid import uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone

from contact.models import ContactMessage
from contact.tasks import enqueue_delivery

Delivery = ContactMessage.Delivery


class RateLimited(Exception):
    """Too many messages came from one sender lately; the next may come in `retry_after` s."""

    def __init__(self, retry_after):
        super().__init__(f"Rate limited for {retry_after} s")
        self.retry_after = retry_after


def submit_message(
    *, name, email, message, company="", idempotency_key=None, spam_reason="", count_sender=None
):
    """Store a message from the contact form and queue its email once the row is committed.

    Returns (message, created): a second submission with the same idempotency key returns the
    first message and stores and sends nothing. A message taken for spam is stored, not sent.
    `count_sender()`, when given, counts a new message against its sender's rate limit (and
    raises RateLimited over it); a message sent again is not counted.
    """
    fields = {"name": name, "email": email, "company": company, "message": message}
    existing = ContactMessage.objects.sent_before(idempotency_key, fields)
    if existing is not None:
        return existing, False
    if count_sender is not None:
        count_sender()
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
        transaction.on_commit(lambda: enqueue_delivery(contact_message.pk))
    return contact_message, True


def retry_delivery(queryset):
    """Send the email of these messages again now (failed or pending ones, not spam)."""
    queryset = queryset.filter(delivery__in=[Delivery.PENDING, Delivery.FAILED])
    return _send_again(list(queryset.values_list("pk", flat=True)))


def _send_again(pks):
    """Make these messages pending, with their attempts counted afresh, and queue them now."""
    count = ContactMessage.objects.filter(pk__in=pks).update(
        delivery=Delivery.PENDING, send_attempts=0, next_attempt_at=timezone.now()
    )
    for pk in pks:
        transaction.on_commit(lambda pk=pk: enqueue_delivery(pk))
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
    _send_again(withheld)
    return count


def purge_messages(older_than_days, spam_older_than_days):
    """Delete messages older than the given ages; returns (messages, spam) deleted."""
    spam = ContactMessage.objects.filter(status=ContactMessage.Status.SPAM)
    spam_deleted, _ = spam.older_than(spam_older_than_days).delete()
    deleted, _ = ContactMessage.objects.older_than(older_than_days).delete()
    return deleted, spam_deleted
