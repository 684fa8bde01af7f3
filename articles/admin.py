from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from articles.models import Article, ArticleRedirect, Category, ExternalArticle, Publication, Tag
from core.admin_base import HTTPS_URL_FIELDS, publish, unpublish
from writing.admin import VersionedAdmin
from writing.markdown import render_markdown


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(VersionedAdmin):
    list_display = ["title", "category", "status", "published_at", "reading_minutes"]
    list_filter = ["status", "category", "tags"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    readonly_fields = [
        "updated_at", "reading_minutes", "word_count", "contents", "statistics", "newsletter"
    ]  # fmt: skip
    actions = [publish, unpublish]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "tags", "summary", "cover_image", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "updated_at", "statistics"]}),
        ("Newsletter", {"fields": ["newsletter"]}),
        ("Derived from the text", {"fields": ["reading_minutes", "word_count", "contents"]}),
    ]

    @admin.display(description="Table of contents")
    def contents(self, article):
        # Rendered and sanitised on save (writing.markdown); shown beside the text from 3 headings.
        html = render_markdown(article.body).toc_html if article.pk else ""
        return mark_safe(f'<div class="article-contents">{html}</div>') if html else "—"

    @admin.display(description="Readers")
    def statistics(self, article):
        if not article.pk:
            return "—"
        query = urlencode({"path": article.get_absolute_url()})
        address = f"{reverse('admin:statistics')}?{query}"
        return format_html('<a href="{}">Views, read-through and search figures</a>', address)

    @admin.display(description="By email")
    def newsletter(self, article):
        # Subscribers get the article once, when it becomes public (docs/newsletter.md).
        if not article.pk:
            return "—"
        address = reverse("admin:newsletter_send_test", args=[article.pk])
        return format_html('<a href="{}">Send a test to yourself</a>', address)

    def response_add(self, request, article, *args):
        return _preview(request, article) or super().response_add(request, article, *args)

    def response_change(self, request, article):
        return _preview(request, article) or super().response_change(request, article)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "all_articles_url", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    formfield_overrides = HTTPS_URL_FIELDS


@admin.register(ExternalArticle)
class ExternalArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publication", "published_on", "is_published"]
    list_editable = ["is_published"]
    list_filter = ["publication", "is_published"]
    list_select_related = ["publication"]
    search_fields = ["title", "summary", "url"]
    date_hierarchy = "published_on"
    actions = [publish, unpublish]
    formfield_overrides = HTTPS_URL_FIELDS


def _preview(request, article):
    """After "Save and preview": the article as a visitor sees it (a draft as the staff preview)."""
    if "_preview" in request.POST:
        return HttpResponseRedirect(article.get_absolute_url())
    return None


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    """Made by itself when a published article's slug changes; delete one to free its address."""

    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__title"]
    readonly_fields = ["created_at"]
