"""Messages sent through the contact form. The row is the durable record; mail is a delivery.

Each message has two independent states: where it stands in the owner's inbox (`status`) and
whether its email notification has reached the owner (`delivery`). Spam is stored, never mailed.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.seo import site_host


class ContactMessageQuerySet(models.QuerySet):
    def due(self, now=None):
        """Messages whose email should be attempted now: pending, due, and claimed by nobody."""
        now = now or timezone.now()
        return self.filter(
            Q(sending_until__isnull=True) | Q(sending_until__lt=now),
            delivery=ContactMessage.Delivery.PENDING,
            next_attempt_at__lte=now,
        )

    def sent_before(self, idempotency_key, fields):
        """The message already sent from the same copy of the form with the same text, if any."""
        if idempotency_key is None:
            return None
        return self.filter(idempotency_key=idempotency_key, **fields).first()

    def unread(self):
        return self.filter(status=ContactMessage.Status.NEW)

    def older_than(self, days):
        return self.filter(created_at__lt=timezone.now() - timedelta(days=days))


class ContactMessage(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        READ = "read", "Read"
        REPLIED = "replied", "Replied"
        ARCHIVED = "archived", "Archived"
        SPAM = "spam", "Spam"

    class Delivery(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        WITHHELD = "withheld", "Not sent (spam)"

    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    company = models.CharField(max_length=100, blank=True)
    message = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    status = models.CharField(max_length=10, choices=Status, default=Status.NEW)
    spam_reason = models.CharField(
        max_length=100, blank=True, help_text="Why the form took it for spam."
    )
    # One per copy of the form a visitor was given: a second submission of the same copy
    # (double click, reload, back and resend) finds this row instead of making another.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    delivery = models.CharField(max_length=10, choices=Delivery, default=Delivery.PENDING)
    send_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the email is tried again."
    )
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the email went out.")
    sending_until = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Claimed by a sender until then."
    )

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["delivery", "next_attempt_at"], name="contact_due_idx")]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def message_id(self):
        """The email's Message-ID: the same on every attempt, so a retry is one message."""
        return f"<contact-message.{self.pk}.{self.created_at:%Y%m%d%H%M%S}@{site_host()}>"
