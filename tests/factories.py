"""Small builders for test data; each returns a saved row with sensible defaults."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Category, ExternalArticle, Publication, Tag
from projects.models import Project

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
