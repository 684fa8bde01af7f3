from articles.models import Article, Category, Tag
from core.sitemaps import ListingPage, SiteSitemap


class ArticleSitemap(SiteSitemap):
    """The list of articles (changed when an article was last published), then each article."""

    def items(self):
        articles = list(Article.objects.published().defer("search_vector"))
        newest = articles[0].published_at if articles else None
        return [ListingPage("articles:list", newest), *articles]

    def lastmod(self, item):
        return item.last_changed if isinstance(item, ListingPage) else item.last_modified


class LabelSitemap(SiteSitemap):
    """Category or tag pages: those listing at least one published article."""

    model = None

    def items(self):
        # A list, so that the sitemap's paginator counts it without a query of its own.
        return list(self.model.objects.with_published_articles())

    def lastmod(self, label):
        return label.latest_published_at


class CategorySitemap(LabelSitemap):
    model = Category


class TagSitemap(LabelSitemap):
    model = Tag
