"""The owner's Markdown texts as model fields, and the checks each text gets when it is saved."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from images.models import Image
from images.pictures import referenced_slugs
from writing.links import validate_internal_links


def validate_image_references(source):
    """A field validator: every image the text places must have been uploaded."""
    slugs = set(referenced_slugs(source))
    uploaded = Image.objects.filter(slug__in=slugs).values_list("slug", flat=True)
    missing = sorted(slugs - set(uploaded))
    if missing:
        names = ", ".join(f"image:{slug}" for slug in missing)
        raise ValidationError(
            f"No uploaded image has the reference {names}. Upload it under Images first, or "
            "correct the reference.",
            code="unknown_image",
        )


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


def is_markdown_text(field):
    """Whether a model field is a Markdown text (made by markdown_text_field)."""
    return validate_image_references in getattr(field, "validators", ())


def render_texts_placing(instance, **kwargs):
    """When an image is saved, the texts that place it show its new file, sizes and alt text
    from then on (a post_save receiver for images.Image)."""
    reference = f"(image:{instance.slug})"
    for model in apps.get_models():
        fields = [field.name for field in model._meta.fields if is_markdown_text(field)]
        if not fields or not callable(getattr(model, "render_markdown", None)):
            continue
        placing = models.Q()
        for name in fields:
            placing |= models.Q(**{f"{name}__contains": reference})
        for row in model.objects.filter(placing):
            row.save()
