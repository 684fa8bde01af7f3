"""Atom, RSS and JSON Feed of the newest published articles, with their full text."""

from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html

from articles.models import Article
from core.seo import absolute_url
from owner.site import get_profile
from writing.markdown import feed_html

# The newest ten, as WordPress's and Jekyll's feeds carry by default: a reader keeps what it has
# fetched, so a new subscriber's reader starts from these, and each poll sends no more than it
# needs to.
FEED_LENGTH = 10


def feed_articles():
    return (
        Article.objects.published()
        .select_related("category")
        .prefetch_related("tags")[:FEED_LENGTH]
    )


def content_html(article):
    """The article's full HTML, as feed readers need it; until it has a body, its summary as a
    paragraph."""
    if not article.body_html:
        return format_html("<p>{}</p>", article.summary)
    return feed_html(article.body_html, absolute_url)


class AtomWithContent(Atom1Feed):
    """Atom with the full article HTML in <content>, beside the summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with the full article HTML in content:encoded, beside the description."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_html"])


class ArticlesFeed(Feed):
    feed_type = RssWithContent

    def get_object(self, request):
        # The feed's "object" is the owner's profile: it names the feed and its author.
        return get_profile(request)

    def title(self, profile):
        return f"{profile.name} — articles"

    def subtitle(self, profile):
        return profile.articles_intro

    description = subtitle

    def link(self):
        return absolute_url(reverse("articles:list"))

    def feed_url(self):
        return absolute_url(reverse("articles:feed-rss"))

    def author_name(self, profile):
        return profile.name

    def items(self):
        return feed_articles()

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Summaries are plain text, and both formats read this element as HTML.
        return escape(article.summary)

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_guid(self, article):
        return absolute_url(article.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_modified

    def item_categories(self, article):
        return [article.category.name, *(tag.name for tag in article.tags.all())]

    def item_extra_kwargs(self, article):
        return {"content_html": content_html(article)}


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = AtomWithContent

    def feed_url(self):
        return absolute_url(reverse("articles:feed-atom"))


def json_feed(request):
    """The same articles as a JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    profile = get_profile(request)
    author = {"name": profile.name, "url": absolute_url("/")}
    items = [
        {
            "id": absolute_url(article.get_absolute_url()),
            "url": absolute_url(article.get_absolute_url()),
            "title": article.title,
            "summary": article.summary,
            "content_html": content_html(article),
            "date_published": article.published_at.isoformat(),
            "date_modified": article.last_modified.isoformat(),
            "tags": [article.category.name, *(tag.name for tag in article.tags.all())],
            "authors": [author],
        }
        for article in feed_articles()
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{profile.name} — articles",
        "home_page_url": absolute_url(reverse("articles:list")),
        "feed_url": absolute_url(reverse("articles:feed-json")),
        "description": profile.articles_intro,
        "language": "en",
        "authors": [author],
        "items": items,
    }
    return JsonResponse(
        feed, content_type="application/feed+json", json_dumps_params={"ensure_ascii": False}
    )
