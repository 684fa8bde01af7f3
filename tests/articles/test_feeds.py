"""Atom, RSS and JSON Feed: the newest published articles, in full, and nothing else."""

import html
import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from articles.models import Article
from tests.factories import make_article, make_image
from tests.helpers import SITE, head_of

pytestmark = pytest.mark.django_db


def test_every_page_links_to_its_feeds(client, content):
    head = head_of(client.get("/projects/"))
    assert 'type="application/atom+xml"' in head
    assert 'type="application/rss+xml"' in head
    assert 'type="application/feed+json"' in head


@pytest.mark.parametrize("url", ["/articles/feed.atom", "/articles/feed.rss"])
def test_xml_feeds_parse_and_list_only_published_articles_newest_first(client, content, url):
    make_article(title="A draft", status=Article.Status.DRAFT)
    make_article(title="A future one", published_at=timezone.now() + timedelta(days=1))
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert titles == list(Article.objects.published().values_list("title", flat=True)[:FEED_LENGTH])
    assert "A draft" not in titles and "A future one" not in titles
    first = feed.entries[0]
    assert first.link == f"{SITE}{Article.objects.published().first().get_absolute_url()}"


def test_feeds_carry_only_the_newest_articles(client, empty_database):
    now = timezone.now()
    for n in range(FEED_LENGTH + 2):
        make_article(title=f"Article {n}", published_at=now - timedelta(days=n))
    newest = [f"Article {n}" for n in range(FEED_LENGTH)]
    for url in ["/articles/feed.atom", "/articles/feed.rss"]:
        assert [
            entry.title for entry in feedparser.parse(client.get(url).content).entries
        ] == newest
    assert [item["title"] for item in client.get("/articles/feed.json").json()["items"]] == newest


def test_xml_feeds_carry_the_full_article_html(client, db):
    # Published now: a factory's default date goes back a day for each article it made.
    make_article(title="Newest", body="```python\nprint('hi')\n```\n", published_at=timezone.now())
    for url in ["/articles/feed.atom", "/articles/feed.rss"]:
        first = feedparser.parse(client.get(url).content).entries[0]
        assert first.title == "Newest"
        assert '<div class="highlight">' in first.content[0].value


def test_feed_code_comes_without_highlighting_and_site_addresses_in_full(client, db):
    image = make_image(slug="diagram", alt="The flow")
    linked = make_article(title="Earlier")
    body = (
        f"See [the earlier one]({linked.get_absolute_url()}).\n\n![The flow](image:diagram)\n\n"
        "```python\nprint('hi')\n```\n\n"
        '```html\n<img src="/static/logo.svg" srcset="/static/a.png 1x,/static/b.png 2x">\n```\n'
    )
    newest = make_article(title="Newest", body=body, published_at=timezone.now())
    assert '<span class="nb">print</span>' in newest.body_html  # highlighted on the page
    for url in ["/articles/feed.atom", "/articles/feed.rss", "/articles/feed.json"]:
        response = client.get(url)
        if url.endswith(".json"):
            content = response.json()["items"][0]["content_html"]
        else:
            content = feedparser.parse(response.content).entries[0].content[0].value
        assert "<span" not in content
        # Code that shows an address is left as it is written.
        shown = 'src="/static/logo.svg" srcset="/static/a.png 1x,/static/b.png 2x"'
        assert shown in html.unescape(content.split("<pre")[2])
        assert "print(&#x27;hi&#x27;)" in content or "print('hi')" in content
        assert f'href="{SITE}{linked.get_absolute_url()}"' in content
        tags = re.findall(r"<(?:img|source)\s[^>]*>", content)
        sources = [value for tag in tags for value in re.findall(r'src(?:set)?="([^"]+)"', tag)]
        assert sources and image.renditions
        for source in sources:
            for candidate in source.split(","):
                assert candidate.strip().startswith(f"{SITE}/media/"), candidate


def test_json_feed_follows_version_1_1(client, content):
    make_article(title="A draft", status=Article.Status.DRAFT)
    response = client.get("/articles/feed.json")
    assert response["Content-Type"] == "application/feed+json"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{SITE}/articles/feed.json"
    titles = [item["title"] for item in feed["items"]]
    assert titles == list(Article.objects.published().values_list("title", flat=True)[:FEED_LENGTH])
    assert feed["items"][0]["content_html"].startswith("<")
    dates = [item["date_published"] for item in feed["items"]]
    assert dates == sorted(dates, reverse=True)


def test_feeds_treat_summaries_as_text(client, empty_database):
    make_article(title="Generics", summary="Use List<T> & <img src=x onerror=alert(1)>", body="")
    for url in ["/articles/feed.atom", "/articles/feed.rss"]:
        [entry] = feedparser.parse(client.get(url).content).entries
        # The summary is HTML whose text is exactly what the owner wrote: no live tag.
        assert "<img" not in entry.summary
        assert html.unescape(entry.summary) == "Use List<T> & <img src=x onerror=alert(1)>"
    [item] = client.get("/articles/feed.json").json()["items"]
    assert (
        item["content_html"] == "<p>Use List&lt;T&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</p>"
    )
