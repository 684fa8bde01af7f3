"""Load the owner's content from content/ (TOML + Markdown) into the database.

Missing rows are created; existing rows are left as the owner has edited them unless
`overwrite` is set, in which case they (and their child rows) are replaced from the files.
Everything happens in one transaction: a broken file loads nothing.
"""

import datetime
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.text import slugify

from articles.models import Article, Category, ExternalArticle, Publication, Tag
from core.models import Profile, SocialLink, Stat
from experience.models import Highlight, Role, Skill, SkillGroup
from projects.models import Feature, Project
from testimonials.models import Group, Testimonial

DEFAULT_CONTENT_DIR = settings.BASE_DIR / "content"


class ContentError(Exception):
    """A content file that cannot be loaded; the message names the file and the field."""


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    lines: list = field(default_factory=list)

    def record(self, outcome, obj):
        label = obj._meta.verbose_name
        getattr(self, outcome)[label] += 1
        self.lines.append(f"{outcome} {label}: {obj}")

    def summary(self):
        labels = dict.fromkeys([*self.created, *self.updated, *self.skipped])
        return [
            f"{label}: {self.created[label]} created, {self.updated[label]} updated, "
            f"{self.skipped[label]} skipped"
            for label in labels
        ]


class _Record:
    """One table from a TOML file, which knows where it came from for error messages."""

    def __init__(self, data, where):
        if not isinstance(data, dict):
            raise ContentError(f"{where}: expected a table, found {type(data).__name__}")
        self.data = data
        self.where = where
        self.used = set()

    def get(self, key, default=None, kind=str):
        self.used.add(key)
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, kind):
            raise ContentError(f"{self.where}: field '{key}' must be {_kind_name(kind)}")
        return value

    def require(self, key, kind=str):
        if key not in self.data:
            raise ContentError(f"{self.where}: field '{key}' is missing")
        return self.get(key, kind=kind)

    def records(self, key):
        items = self.get(key, [], kind=list)
        return [_Record(item, f"{self.where}: {key}[{index}]") for index, item in enumerate(items)]

    def month(self, key, required=True):
        value = self.require(key) if required else self.get(key)
        if value is None:
            return None
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise ContentError(
                f"{self.where}: field '{key}' must be a month as YYYY-MM, not {value!r}"
            ) from None

    def check_no_unknown_fields(self):
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise ContentError(f"{self.where}: unknown field '{unknown[0]}'")


def _kind_name(kind):
    names = {str: "text", bool: "true or false", list: "a list", dict: "a table"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


class Loader:
    def __init__(self, content_dir, overwrite):
        self.content_dir = Path(content_dir)
        self.overwrite = overwrite
        self.report = Report()

    # -- files -----------------------------------------------------------------------------

    def read_toml(self, name):
        path = self.content_dir / name
        try:
            with path.open("rb") as file:
                return _Record(tomllib.load(file), name)
        except FileNotFoundError:
            raise ContentError(f"{name}: file not found in {self.content_dir.name}/") from None
        except tomllib.TOMLDecodeError as error:
            raise ContentError(f"{name}: not valid TOML: {error}") from None

    def read_text(self, record, key):
        relative = record.require(key)
        path = (self.content_dir / relative).resolve()
        if not path.is_relative_to(self.content_dir.resolve()):
            raise ContentError(f"{record.where}: field '{key}' points outside the content folder")
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError(
                f"{record.where}: field '{key}': file {relative} not found"
            ) from None
        except UnicodeDecodeError:
            raise ContentError(f"{record.where}: field '{key}': {relative} is not UTF-8") from None

    # -- rows ------------------------------------------------------------------------------

    def upsert(self, record, model, lookup, values):
        """Create the row, or replace it with overwrite; return (row, whether it was written)."""
        record.check_no_unknown_fields()
        row = model.objects.filter(**lookup).first()
        if row is not None and not self.overwrite:
            self.report.record("skipped", row)
            return row, False
        outcome = "created" if row is None else "updated"
        row = row or model(**lookup)
        for name, value in values.items():
            setattr(row, name, value)
        self.save(record, row)
        self.report.record(outcome, row)
        return row, True

    def save(self, record, row):
        try:
            row.full_clean(validate_unique=False)
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            field_name = "" if name == "__all__" else f"field '{name}': "
            raise ContentError(f"{record.where}: {field_name}{' '.join(messages)}") from None
        row.save()

    def replace_children(self, record, parent, relation, rows):
        getattr(parent, relation).all().delete()
        for row in rows:
            self.save(record, row)

    # -- content kinds ---------------------------------------------------------------------

    def load_all(self):
        self.load_profile()
        self.load_experience()
        self.load_testimonials()
        self.load_projects()
        self.load_articles()
        return self.report

    def load_profile(self):
        root = self.read_toml("profile.toml")
        profile = _Record(root.require("profile", kind=dict), "profile.toml: profile")
        simple = [
            "name", "role", "email", "availability_text", "headline", "intro", "about_heading",
            "experience_heading", "testimonials_heading", "testimonials_intro", "toolkit_heading",
            "projects_heading", "articles_heading", "articles_intro", "external_heading",
            "external_intro", "cta_heading", "cta_text", "contact_heading", "contact_intro",
        ]  # fmt: skip
        values = {name: profile.get(name, "") for name in simple}
        values["about_heading"] = values["about_heading"].strip()
        values["is_available"] = profile.get("is_available", True, kind=bool)
        values["about_markdown"] = self.read_text(profile, "about_markdown_file")
        # There is one profile: any existing row is the one to keep or replace.
        existing = Profile.objects.order_by("pk").first()
        self.upsert(profile, Profile, {"pk": existing.pk} if existing else {}, values)

        for order, link in enumerate(root.records("social_links")):
            self.upsert(
                link,
                SocialLink,
                {"label": link.require("label")},
                {"url": link.get("url", ""), "order": order},
            )
        for order, stat in enumerate(root.records("stats")):
            self.upsert(
                stat,
                Stat,
                {"label": stat.require("label")},
                {"value": stat.require("value"), "order": order},
            )
        root.check_no_unknown_fields()

    def load_experience(self):
        root = self.read_toml("experience.toml")
        for order, item in enumerate(root.records("roles")):
            lookup = {
                "organisation": item.require("organisation"),
                "title": item.require("title"),
                "start_date": item.month("start"),
            }
            values = {
                "location": item.require("location"),
                "end_date": item.month("end", required=False),
                "summary": item.get("summary", ""),
                "order": order,
            }
            highlights = item.records("highlights")
            role, written = self.upsert(item, Role, lookup, values)
            if written:
                rows = []
                for position, highlight in enumerate(highlights):
                    rows.append(
                        Highlight(
                            role=role,
                            name=highlight.get("name", ""),
                            text=highlight.require("text"),
                            order=position,
                        )
                    )
                    highlight.check_no_unknown_fields()
                self.replace_children(item, role, "highlights", rows)

        for order, item in enumerate(root.records("skill_groups")):
            skills = item.get("skills", [], kind=list)
            group, written = self.upsert(
                item, SkillGroup, {"name": item.require("name")}, {"order": order}
            )
            if written:
                rows = [Skill(group=group, name=name, order=i) for i, name in enumerate(skills)]
                self.replace_children(item, group, "skills", rows)
        root.check_no_unknown_fields()

    def load_testimonials(self):
        root = self.read_toml("testimonials.toml")
        for order, item in enumerate(root.records("groups")):
            testimonials = item.records("testimonials")
            group, _ = self.upsert(
                item,
                Group,
                {"topic": item.require("topic"), "source": item.get("source", "")},
                {"order": order},
            )
            for position, entry in enumerate(testimonials):
                self.upsert(
                    entry,
                    Testimonial,
                    {"group": group, "author": entry.require("author")},
                    {
                        "quote": entry.require("quote"),
                        "author_title": entry.get("author_title", ""),
                        "order": position,
                        "is_published": entry.get("is_published", True, kind=bool),
                    },
                )
        root.check_no_unknown_fields()

    def load_projects(self):
        root = self.read_toml("projects.toml")
        for order, item in enumerate(root.records("projects")):
            features = item.get("features", [], kind=list)
            values = {
                "name": item.require("name"),
                "category": item.require("category"),
                "summary": item.get("summary", ""),
                "technologies": ", ".join(item.get("technologies", [], kind=list)),
                "problem": item.require("problem"),
                "solution": item.require("solution"),
                "impact": item.get("impact", ""),
                "repository_url": item.get("repository_url", ""),
                "live_url": item.get("live_url", ""),
                "order": order,
                "is_published": item.get("is_published", True, kind=bool),
            }
            project, written = self.upsert(item, Project, {"slug": item.require("slug")}, values)
            if written:
                rows = [
                    Feature(project=project, text=text, order=i) for i, text in enumerate(features)
                ]
                self.replace_children(item, project, "features", rows)
        root.check_no_unknown_fields()

    def load_articles(self):
        root = self.read_toml("articles.toml")
        categories = {}
        for order, item in enumerate(root.records("categories")):
            slug = item.require("slug")
            categories[slug], _ = self.upsert(
                item, Category, {"slug": slug}, {"name": item.require("name"), "order": order}
            )
        for item in root.records("articles"):
            category_slug = item.require("category")
            category = (
                categories.get(category_slug) or Category.objects.filter(slug=category_slug).first()
            )
            if category is None:
                raise ContentError(f"{item.where}: field 'category': no category '{category_slug}'")
            tag_names = item.get("tags", [], kind=list)
            values = {
                "title": item.require("title"),
                "category": category,
                "summary": item.require("summary"),
                "status": item.get("status", Article.Status.DRAFT),
                "published_at": item.require("published_at", kind=datetime.datetime),
                "body": self.read_text(item, "body"),
            }
            article, written = self.upsert(item, Article, {"slug": item.require("slug")}, values)
            if written:
                article.tags.set([self.tag(name) for name in tag_names])

        publications = {}
        for order, item in enumerate(root.records("publications")):
            name = item.require("name")
            publications[name], _ = self.upsert(
                item,
                Publication,
                {"name": name},
                {
                    "url": item.get("url", ""),
                    "all_articles_url": item.get("all_articles_url", ""),
                    "all_articles_label": item.get("all_articles_label", ""),
                    "order": order,
                },
            )
        for item in root.records("external_articles"):
            name = item.require("publication")
            publication = publications.get(name) or Publication.objects.filter(name=name).first()
            if publication is None:
                raise ContentError(f"{item.where}: field 'publication': no publication '{name}'")
            self.upsert(
                item,
                ExternalArticle,
                {"url": item.require("url")},
                {
                    "publication": publication,
                    "title": item.require("title"),
                    "published_on": item.require("published_on", kind=datetime.date),
                    "summary": item.get("summary", ""),
                },
            )
        root.check_no_unknown_fields()

    def tag(self, name):
        tag, created = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        if created:
            self.report.record("created", tag)
        return tag


def load_content(content_dir=DEFAULT_CONTENT_DIR, overwrite=False, if_empty=False):
    """Load every content file in one transaction and return a Report of what happened.

    With `if_empty`, load only into a database without a profile yet, and return None otherwise.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Containers starting together would otherwise insert the same rows at once.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('portfolio.load_content'))")
        if if_empty and Profile.objects.exists():
            return None
        return Loader(content_dir, overwrite).load_all()
