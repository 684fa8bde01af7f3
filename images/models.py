"""The owner's uploaded images: the pictures and diagrams placed in texts by reference, and the
covers of articles and projects."""

from django.core.files.storage import default_storage
from django.db import models

from images.pictures import Rendition, make_renditions, open_upload, store_original


def cover_image_field(shown_as):
    """The optional cover of an article or a project: on its card, its page and its share card."""
    return models.ForeignKey(
        "images.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=f"Shown on the {shown_as}'s card and at the top of its page, and when it is "
        "shared.",
    )


def validate_upload(upload):
    """A new upload must be a real image within the size and pixel limits (see images.pictures)."""
    if upload.name != upload.instance.stored_file_name():
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
        db_table = "core_image"  # made by the core app, where it was first

    def __str__(self):
        return self.slug

    def save(self, *args, **kwargs):
        # A new file, however it was given (an upload in the admin, or `image.file.save()` in a
        # script or command): checked, and kept the site's way, with its sizes.
        if self.file and self.file.name != self.stored_file_name():
            self.keep_file()
        super().save(*args, **kwargs)

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

    @property
    def rendition_list(self):
        return [Rendition(**rendition) for rendition in self.renditions]
