"""Small builders for test data; each returns a saved row with sensible defaults."""

import io
import itertools
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, Category, ExternalArticle, Publication, Tag
from contact.models import ContactMessage
from experience.models import Highlight, Role, Skill, SkillGroup
from images.models import Image
from projects.models import Feature, Project
from testimonials.models import Group, Testimonial

_numbers = itertools.count(1)


def make_category(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Category {number}")
    fields.setdefault("slug", f"category-{number}")
    return Category.objects.create(**fields)


def make_tag(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Tag {number}")
    fields.setdefault("slug", f"tag-{number}")
    return Tag.objects.create(**fields)


def make_article(category=None, tags=(), **fields):
    number = next(_numbers)
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("title", f"Article number {number}")
    fields.setdefault("summary", f"Summary of article {number}.")
    fields.setdefault("body", f"## First part\n\nBody of article {number}.\n")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(days=number))
    article = Article.objects.create(category=category or make_category(), **fields)
    article.tags.set(tags)
    return article


def make_project(**fields):
    number = next(_numbers)
    fields.setdefault("slug", f"project-{number}")
    fields.setdefault("name", f"Project {number}")
    fields.setdefault("category", "Tools")
    fields.setdefault("problem", f"Problem {number}.")
    fields.setdefault("solution", f"Solution {number}.")
    return Project.objects.create(**fields)


def make_external_article(publication=None, **fields):
    number = next(_numbers)
    publication = publication or Publication.objects.create(name=f"Publication {number}")
    fields.setdefault("title", f"External article {number}")
    fields.setdefault("url", f"https://publication.example/{number}")
    fields.setdefault("published_on", timezone.now().date())
    return ExternalArticle.objects.create(publication=publication, **fields)


def make_message(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Visitor {number}")
    fields.setdefault("email", f"visitor{number}@example.com")
    fields.setdefault("message", f"Message number {number}.")
    return ContactMessage.objects.create(**fields)


def make_role(highlights=(), **fields):
    number = next(_numbers)
    fields.setdefault("organisation", f"Organisation {number}")
    fields.setdefault("title", f"Engineer {number}")
    fields.setdefault("location", "Remote")
    fields.setdefault("start_date", date(2020, 1, 1))
    role = Role.objects.create(**fields)
    for order, text in enumerate(highlights):
        Highlight.objects.create(role=role, text=text, order=order)
    return role


def make_skill_group(skills=(), **fields):
    number = next(_numbers)
    fields.setdefault("name", f"Skill group {number}")
    group = SkillGroup.objects.create(**fields)
    for order, name in enumerate(skills):
        Skill.objects.create(group=group, name=name, order=order)
    return group


def make_testimonial(group=None, **fields):
    number = next(_numbers)
    group = group or make_testimonial_group()
    fields.setdefault("author", f"Colleague {number}")
    fields.setdefault("quote", f"Quote number {number}.")
    fields.setdefault("is_approved", True)
    return Testimonial.objects.create(group=group, **fields)


def make_testimonial_group(**fields):
    number = next(_numbers)
    fields.setdefault("topic", f"Topic {number}")
    return Group.objects.create(**fields)


def make_feature(project, **fields):
    fields.setdefault("text", f"Feature {next(_numbers)}")
    return Feature.objects.create(project=project, **fields)


# The GPS block of EXIF, and a tag within it (latitude): the test's own values, not
# images.pictures's, so that a wrong tag there is caught.
EXIF_GPS_IFD, EXIF_GPS_LATITUDE = 0x8825, 2


def picture_bytes(format_="PNG", size=(1200, 800), gps=False):
    """A real picture (a gradient, so that it does not compress to nothing), as file bytes."""
    from PIL import Image as Picture

    picture = Picture.linear_gradient("L").resize(size).convert("RGB")
    options = {}
    if gps:
        exif = Picture.Exif()
        exif[0x010F] = "Camera maker"
        exif.get_ifd(EXIF_GPS_IFD)[EXIF_GPS_LATITUDE] = (51.0, 30.0, 0.0)
        options["exif"] = exif.tobytes()
    buffer = io.BytesIO()
    picture.save(buffer, format=format_, **options)
    return buffer.getvalue()


def make_image(**fields):
    number = next(_numbers)
    fields.setdefault("slug", f"image-{number}")
    fields.setdefault("alt", f"Image {number}")
    fields.setdefault("file", SimpleUploadedFile(f"image-{number}.png", picture_bytes()))
    return Image.objects.create(**fields)
