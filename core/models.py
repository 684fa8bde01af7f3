"""The site as a whole: the owner's profile, the words around each home section, links, stats."""

from datetime import datetime, time, timedelta

from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.images import (
    Rendition,
    make_renditions,
    open_upload,
    store_original,
    validate_image_references,
)
from core.links import validate_internal_links
from core.markdown import render_markdown
from core.sharecards import share_card


def markdown_text_field(*args, **options):
    """A text the owner writes in Markdown; an image it places must have been uploaded."""
    return models.TextField(
        *args,
        help_text="Markdown. Place an uploaded image with ![alt text](image:its-slug); an image "
        "alone in its paragraph is shown with its caption. Links to this site's pages (such as "
        "[text](/articles/a-slug/)) are checked when you save.",
        validators=[validate_image_references, validate_internal_links],
        **options,
    )


def cover_image_field(shown_as):
    """The optional cover of an article or a project: on its card, its page and its share card."""
    return models.ForeignKey(
        "core.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=f"Shown on the {shown_as}'s card and at the top of its page, and when it is "
        "shared.",
    )


def is_markdown_text(field):
    """Whether a model field is a Markdown text (made by markdown_text_field)."""
    return validate_image_references in getattr(field, "validators", ())


class PublishedQuerySet(models.QuerySet):
    """Rows with an `is_published` flag: the owner hides one by unticking it."""

    def published(self):
        return self.filter(is_published=True)

    def set_published(self, is_published):
        """Publish or hide every row at once; returns how many changed."""
        changes = {"is_published": is_published}
        # update() skips auto_now, and sitemaps read updated_at as the last change.
        if any(field.name == "updated_at" for field in self.model._meta.get_fields()):
            changes["updated_at"] = timezone.now()
        return self.update(**changes)


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
    # The home page's share card (core.sharecards), drawn from the headline on save.
    share_image = models.CharField(max_length=100, blank=True, editable=False)
    picture = models.ForeignKey(
        "core.Image",
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

    def __str__(self):
        return f"{self.value} {self.label}"


def validate_upload(upload):
    """A new upload must be a real image within the size and pixel limits (see core.images)."""
    if not getattr(upload, "_committed", True):
        open_upload(upload)


class Image(models.Model):
    """A picture the owner uploaded, placed in a text by `![alt text](image:slug)`."""

    slug = models.SlugField(
        unique=True,
        help_text="Place the image in any Markdown text as ![alt text](image:this-slug).",
    )
    file = models.FileField(
        upload_to="images/",
        validators=[validate_upload],
        help_text="JPEG, PNG, WebP or GIF. Location data is removed; the other sizes are made "
        "on upload.",
    )
    alt = models.CharField(
        "alt text",
        max_length=250,
        help_text="What the image shows, for people who cannot see it. A text may give its own.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    renditions = models.JSONField(default=list, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.slug

    def save(self, *args, **kwargs):
        # A new file, however it was given (an upload in the admin, or `image.file.save()` in a
        # script or command): checked, and kept the site's way, with its sizes.
        if self.file and self.file.name != self.stored_file_name():
            self.keep_file()
        super().save(*args, **kwargs)
        self.render_texts_placing_it()

    def stored_file_name(self):
        """The name of the file this image had when it was last saved, or None."""
        return Image.objects.filter(pk=self.pk).values_list("file", flat=True).first()

    def keep_file(self):
        """Check the file as an upload is checked (a ValidationError if it is refused), keep it
        without location data under a name made from its bytes, and make its sizes. A file
        already stored as it was given (by `file.save()`) is deleted."""
        given = self.file.name
        stored_as_given = default_storage.exists(given)
        try:
            _, picture = open_upload(self.file)
        finally:
            self.file.close()
            if stored_as_given:
                default_storage.delete(given)
        name, self.width, self.height = store_original(picture)
        self.renditions = make_renditions(picture)
        self.file = name  # the stored file: Django keeps it as it is

    def render_texts_placing_it(self):
        """Texts that place this image show its new file, sizes and alt text from now on."""
        from django.apps import apps

        reference = f"(image:{self.slug})"
        for model in apps.get_models():
            fields = [field.name for field in model._meta.fields if is_markdown_text(field)]
            if not fields or not callable(getattr(model, "render_markdown", None)):
                continue
            placing = models.Q()
            for name in fields:
                placing |= models.Q(**{f"{name}__contains": reference})
            for row in model.objects.filter(placing):
                row.save()

    @property
    def rendition_list(self):
        return [Rendition(**rendition) for rendition in self.renditions]
