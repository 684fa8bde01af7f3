"""The owner of the site: the profile (hero, about text, the words around each home section),
the links to the owner elsewhere, and the hero's figures."""

from datetime import datetime, time, timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone

from images.sharecards import share_card
from writing.fields import markdown_text_field
from writing.markdown import render_markdown


class Profile(models.Model):
    """The owner and the words of the home page. There is one row; `Profile.load()` reads it."""

    name = models.CharField(max_length=100)
    role = models.CharField(
        max_length=150, help_text="Short description used in page titles and metadata."
    )
    email = models.EmailField(blank=True, help_text="Shown publicly only if set.")

    # Hero
    availability_text = models.CharField(max_length=150, blank=True)
    is_available = models.BooleanField(
        default=True, help_text="Show the availability badge at the top of the home page."
    )
    available_until = models.DateField(
        null=True,
        blank=True,
        help_text="After this day the badge and the call to action change by themselves. "
        "Leave empty to stay available until you untick the box above.",
    )
    available_for = models.CharField(
        "kinds of work",
        max_length=200,
        blank=True,
        help_text='What you are available for, e.g. "backend contracts, technical writing".',
    )
    headline = models.CharField(max_length=200)
    intro = models.TextField()

    # About
    about_heading = models.CharField(max_length=150, help_text="A line break starts a new line.")
    about_markdown = markdown_text_field("about text")
    about_html = models.TextField(editable=False, default="")
    # The home page's share card (images.sharecards), drawn from the headline on save.
    share_image = models.CharField(max_length=100, blank=True, editable=False)
    picture = models.ForeignKey(
        "images.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A picture of you (an uploaded image), given to search engines with your "
        "name; not shown on the pages.",
    )

    # Headings and introductions of the home-page sections
    experience_heading = models.CharField(max_length=150)
    testimonials_heading = models.CharField(max_length=150)
    testimonials_intro = models.TextField(blank=True)
    toolkit_heading = models.CharField(max_length=150)
    projects_heading = models.CharField(max_length=150)
    articles_heading = models.CharField(max_length=150)
    articles_intro = models.TextField(blank=True)
    external_heading = models.CharField("published elsewhere heading", max_length=150)
    external_intro = models.TextField("published elsewhere introduction", blank=True)
    cta_heading = models.CharField("call to action heading", max_length=200)
    cta_text = models.TextField("call to action text", blank=True)
    contact_heading = models.CharField(max_length=150)
    contact_intro = models.TextField(blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "profile"
        db_table = "core_profile"  # made by the core app, where it was first

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.render_markdown()
        self.share_image = share_card(self.headline, self.role, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("home")

    def render_markdown(self):
        self.about_html = render_markdown(self.about_markdown).html

    def is_available_on(self, day):
        return self.is_available and (self.available_until is None or day <= self.available_until)

    @property
    def is_currently_available(self):
        return self.is_available_on(timezone.localdate())

    @classmethod
    def availability_ends_at(cls):
        """When a set availability ends by itself (the start of the day after it), or None."""
        profile = cls.load()
        if not profile.is_currently_available or profile.available_until is None:
            return None
        day_after = profile.available_until + timedelta(days=1)
        return timezone.make_aware(datetime.combine(day_after, time.min))

    @classmethod
    def load(cls):
        """The profile row; before any content is loaded, an empty unsaved one."""
        return cls.objects.select_related("picture").order_by("pk").first() or cls()


class SocialLinkQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(url="")


class SocialLink(models.Model):
    """A link to the owner elsewhere (GitHub, LinkedIn). Hidden until its URL is set."""

    label = models.CharField(max_length=50)
    url = models.URLField("URL", blank=True, help_text="Leave empty to hide the link.")
    order = models.PositiveSmallIntegerField(default=0)

    objects = SocialLinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["label"], name="unique_social_link_label")]
        db_table = "core_sociallink"

    def __str__(self):
        return self.label


class Stat(models.Model):
    """A figure in the hero, such as "3+" / "Years Experience"."""

    value = models.CharField(max_length=20)
    label = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["label"], name="unique_stat_label")]
        db_table = "core_stat"

    def __str__(self):
        return f"{self.value} {self.label}"
