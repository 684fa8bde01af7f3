"""Load content/articles.toml: categories, articles (Markdown files), tags, publications and
articles published elsewhere."""

import datetime

from django.utils.text import slugify

from articles.models import Article, Category, ExternalArticle, Publication, Tag
from core.content import ContentError


def load(loader):
    root = loader.read_toml("articles.toml")
    categories = {}
    for order, item in enumerate(root.records("categories")):
        slug = item.require("slug")
        categories[slug], _ = loader.upsert(
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
            "body": loader.read_text(item, "body"),
        }
        article, written = loader.upsert(item, Article, {"slug": item.require("slug")}, values)
        if written:
            article.tags.set([_tag(loader, name) for name in tag_names])

    publications = {}
    for order, item in enumerate(root.records("publications")):
        name = item.require("name")
        publications[name], _ = loader.upsert(
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
        loader.upsert(
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


def _tag(loader, name):
    tag, created = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    if created:
        loader.report.record("created", tag)
    return tag


def dump(dumper):
    categories = [{"name": c.name, "slug": c.slug} for c in Category.objects.all()]
    articles = []
    for article in Article.objects.select_related("category").prefetch_related("tags"):
        body = f"articles/{article.slug}.md"
        dumper.write_text(body, article.body)
        articles.append({
            "slug": article.slug, "title": article.title, "category": article.category.slug,
            "tags": [tag.name for tag in article.tags.all()], "summary": article.summary,
            "status": article.status, "published_at": article.published_at, "body": body,
        })  # fmt: skip
    publications = [
        {
            "name": p.name,
            "url": p.url,
            "all_articles_url": p.all_articles_url,
            "all_articles_label": p.all_articles_label,
        }
        for p in Publication.objects.all()
    ]
    external = [
        {
            "publication": e.publication.name,
            "title": e.title,
            "url": e.url,
            "published_on": e.published_on,
            "summary": e.summary,
        }
        for e in ExternalArticle.objects.select_related("publication")
    ]
    data = {"categories": categories, "articles": articles, "publications": publications}
    if external:
        data["external_articles"] = external
    dumper.write_toml("articles.toml", data)
