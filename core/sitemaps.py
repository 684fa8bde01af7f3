"""sitemap.xml: every public page, with absolute URLs from SITE_URL and a last-modified date."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Category, Tag
from core.models import Profile
from projects.models import Project


class SiteSitemap(Sitemap):
    """Builds URLs on SITE_URL rather than on the Host header of the request."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteSitemap):
    def items(self):
        return ["core:home", "projects:list", "articles:list", "contact:form"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name == "projects:list":
            return Project.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        if name == "articles:list":
            return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]
        return Profile.objects.aggregate(latest=Max("updated_at"))["latest"]


class ProjectSitemap(SiteSitemap):
    def items(self):
        return Project.objects.published()

    def lastmod(self, project):
        return project.updated_at


class ArticleSitemap(SiteSitemap):
    def items(self):
        return Article.objects.published()

    def lastmod(self, article):
        return article.last_modified


class ArticleGroupSitemap(SiteSitemap):
    """Category or tag pages: those listing at least one published article."""

    model = None

    def items(self):
        return (
            self.model.objects.filter(articles__in=Article.objects.published())
            .annotate(latest=Max("articles__published_at"))
            .order_by(*self.model._meta.ordering)
        )

    def lastmod(self, group):
        return group.latest


class CategorySitemap(ArticleGroupSitemap):
    model = Category


class TagSitemap(ArticleGroupSitemap):
    model = Tag


SITEMAPS = {
    "pages": PageSitemap,
    "projects": ProjectSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
