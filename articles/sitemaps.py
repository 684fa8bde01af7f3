from articles.models import Article, Category, Tag
from core.sitemaps import SiteSitemap


class ArticleSitemap(SiteSitemap):
    def items(self):
        return Article.objects.published()

    def lastmod(self, article):
        return article.last_modified


class LabelSitemap(SiteSitemap):
    """Category or tag pages: those listing at least one published article."""

    model = None

    def items(self):
        return self.model.objects.with_published_articles()

    def lastmod(self, label):
        return label.latest_published_at


class CategorySitemap(LabelSitemap):
    model = Category


class TagSitemap(LabelSitemap):
    model = Tag
