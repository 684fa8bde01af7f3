"""Messages sent through the contact form. The row is the durable record; mail is a delivery."""

from django.db import models


class ContactMessageQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)


class ContactMessage(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    company = models.CharField(max_length=100, blank=True)
    message = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the email went out.")
    send_attempts = models.PositiveSmallIntegerField(default=0)
    sending_until = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Claimed by a sender until then."
    )
    last_error = models.TextField(blank=True)
    is_read = models.BooleanField("read", default=False)

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} <{self.email}>"
