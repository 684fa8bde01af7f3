"""What colleagues and editors say, grouped as the home page shows them."""

from django.db import models

from core.models import PublishedQuerySet


class Group(models.Model):
    """A group of testimonials: "Backend Engineering · Deloitte"."""

    topic = models.CharField(max_length=80, help_text='e.g. "Backend Engineering".')
    source = models.CharField(max_length=80, blank=True, help_text='e.g. "Deloitte".')
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "testimonial group"
        constraints = [
            models.UniqueConstraint(fields=["topic", "source"], name="unique_testimonial_group")
        ]

    def __str__(self):
        return f"{self.topic} · {self.source}" if self.source else self.topic


class TestimonialQuerySet(PublishedQuerySet):
    def published(self):
        """Shown, and approved by its author: a quote is never shown without consent."""
        return super().published().filter(is_approved=True)


class Testimonial(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="testimonials")
    quote = models.TextField()
    author = models.CharField(max_length=100)
    author_title = models.CharField(max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=True)
    relationship = models.CharField(
        max_length=150,
        blank=True,
        help_text='How you know each other, e.g. "worked together at Deloitte".',
    )
    given_on = models.DateField("date", null=True, blank=True, help_text="When it was written.")
    source_url = models.URLField(
        "source URL", blank=True, help_text="Where it was published, e.g. a public recommendation."
    )
    is_approved = models.BooleanField(
        "approved by its author",
        default=False,
        help_text="The author agreed to its being shown. Only approved quotes appear anywhere.",
    )

    objects = TestimonialQuerySet.as_manager()

    class Meta:
        ordering = ["group__order", "group_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "author"], name="unique_author_per_group")
        ]

    def __str__(self):
        return f"{self.author} ({self.group})"
