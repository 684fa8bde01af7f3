"""Readers who get new articles by email, and each article's mailing to them (docs/newsletter.md).

A Mailing is made once per article, the first time the article is public: its Delivery rows,
one per subscriber confirmed at that moment, are the outbox the worker sends from. The
mailing's existence is what makes an article go out once: edited, unpublished or published
again, it already has one.
"""

import secrets
from email.utils import make_msgid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.seo import site_host


def new_token():
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"

    # Stored in lower case: one subscriber per address, however it is typed.
    email = models.EmailField(unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When the last confirmation email was queued: it is not sent again sooner than
    # NEWSLETTER_RESEND_MINUTES, whoever asks.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # The page the reader signed up on.
    source = models.CharField(max_length=300, blank=True)
    # In each email's unsubscribe link: random, so that links cannot be guessed.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email


class SendingSettings(models.Model):
    """The owner's switches for all sending (one row, made on first use)."""

    paused = models.BooleanField(
        default=False,
        help_text="While on, no article is emailed; mailings wait and go out when it is off.",
    )
    full_text = models.BooleanField(
        default=False,
        help_text="Email the article's full text; otherwise its summary and a link.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "sending settings"

    def __str__(self):
        return "Sending settings"

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]


class Mailing(models.Model):
    """An article's one email to the subscribers confirmed when it became public."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="mailing"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Mailing of {self.article}"


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Deliveries to send now: pending, not held by a sender, their retry time come."""
        now = now or timezone.now()
        return self.filter(
            Q(sending_until__isnull=True) | Q(sending_until__lt=now),
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            state=Delivery.State.PENDING,
        )


def new_message_id():
    return make_msgid(domain=site_host())


class Delivery(models.Model):
    """One article's email to one subscriber: the outbox row the worker sends and records."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # The same on every attempt, so that a second copy is shown once by mail clients.
    message_id = models.CharField(max_length=200, default=new_message_id, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    # While set and to come, a sender holds the delivery (see newsletter.sending).
    sending_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["mailing", "subscriber"], name="one_email_each")
        ]
        indexes = [models.Index(fields=["mailing", "state"], name="newsletter_delivery_state")]

    def __str__(self):
        return f"{self.mailing} to subscriber {self.subscriber_id}"
