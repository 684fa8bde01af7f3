"""Articles for readers, feed readers and search engines: metadata, feeds, sitemap, scheduling."""

import html
import json
import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import feedparser
import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category, make_tag
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

SITE = "https://portfolio.example"
INNER_PAGES = [
    "/projects/",
    "/projects/apiengine/",
    "/articles/",
    "/articles/?page=2",
    "/articles/category/system-design/",
    "/articles/tag/java/",
    "/articles/the-cryptic-ledger/",
    "/contact/",
]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def head_of(response):
    return response.content.decode().split("</head>")[0]


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


def meta_content(response, attribute, name):
    match = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', head_of(response)
    )
    return match and match.group(1)


@pytest.fixture
def content(content):
    """The shipped content, with enough extra articles for a second page of the listing."""
    for number in range(2):
        make_article(
            title=f"Older article {number}", published_at=datetime(2025, 1, 1 + number, tzinfo=UTC)
        )
    return content


def test_every_page_has_a_unique_title_and_description(client, content):
    titles, descriptions = set(), set()
    for url in ["/", *INNER_PAGES]:
        response = client.get(url)
        title = re.search(r"<title>(.*?)</title>", head_of(response), re.S).group(1).strip()
        description = meta_content(response, "name", "description")
        assert title and description, url
        titles.add(title)
        descriptions.add(description)
    assert len(titles) == len(INNER_PAGES) + 1
    assert len(descriptions) >= len(INNER_PAGES) - 1  # page 2 of a list shares page 1's


@pytest.mark.parametrize("url", ["/", *INNER_PAGES])
def test_canonical_and_open_graph_urls_come_from_site_url(client, content, settings, url):
    settings.ALLOWED_HOSTS = ["*"]  # even a host the site answers to is not trusted for links
    response = client.get(url, HTTP_HOST="evil.example")
    head = head_of(response)
    assert f'<link rel="canonical" href="{SITE}{url}">' in head
    assert meta_content(response, "property", "og:url") == f"{SITE}{url}"
    assert meta_content(response, "property", "og:title")
    assert meta_content(response, "name", "twitter:card") == "summary"
    assert "evil.example" not in head


def test_home_page_describes_the_owner_as_a_profile_page(client, content):
    [data] = json_ld(client.get("/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Kunal"
    assert "sameAs" not in person  # no profile link has been given


def test_article_page_has_blog_posting_and_breadcrumbs(client, content):
    response = client.get("/articles/the-cryptic-ledger/")
    posting, crumbs = json_ld(response)
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "The Cryptic Ledger: What a CTF Challenge Taught Me About Hashing"
    assert posting["url"] == f"{SITE}/articles/the-cryptic-ledger/"
    assert posting["author"]["name"] == "Kunal"
    assert datetime.fromisoformat(posting["datePublished"]) == datetime(2026, 4, 15, 9, tzinfo=UTC)
    assert posting["wordCount"] > 1000
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Home",
        "Articles",
        "System Design",
        "The Cryptic Ledger: What a CTF Challenge Taught Me About Hashing",
    ]
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3, 4]
    assert meta_content(response, "property", "og:type") == "article"


@pytest.mark.parametrize("url", [u for u in INNER_PAGES if "/articles/the" not in u])
def test_inner_pages_have_breadcrumbs(client, content, url):
    types = [data["@type"] for data in json_ld(client.get(url))]
    assert "BreadcrumbList" in types


def test_json_ld_cannot_break_out_of_its_script_block(client, content):
    make_article(title="</script><script>alert(1)</script>", slug="hostile")
    body = client.get("/articles/hostile/").content.decode()
    assert "</script><script>alert(1)" not in body
    assert "\\u003C/script\\u003E" in body


def test_article_page_shows_dates_reading_time_toc_and_neighbours(client, content):
    response = client.get("/articles/rate-limiter-in-pure-python/")
    text = page_text(response)
    assert "May 13, 2026" in text
    assert "6 min read" in text
    assert "Updated" not in text
    body = response.content.decode()
    assert '<nav class="article-toc"' in body
    assert 'href="/articles/the-cryptic-ledger/" rel="prev"' in body
    assert 'href="/articles/why-your-technical-blog-isnt-ranking/" rel="next"' in body
    assert "Related articles" in text


def test_updated_date_shows_when_the_text_changes_later(client, content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=UTC)):
        article.body += "\n\nOne more paragraph.\n"
        article.save()
    text = page_text(client.get(article.get_absolute_url()))
    assert "Updated Jun 1, 2026" in text


def test_related_articles_share_a_category_or_tags(client, db):
    category, other = make_category(), make_category()
    tag = make_tag()
    article = make_article(category=category, tags=[tag])
    same_category = make_article(category=category, title="Same category")
    same_tag = make_article(category=other, tags=[tag], title="Same tag")
    make_article(category=other, title="Unrelated")
    related = list(client.get(article.get_absolute_url()).context["related_articles"])
    assert set(related) == {same_category, same_tag}


def test_share_links_need_no_script(client, content):
    body = client.get("/articles/the-cryptic-ledger/").content.decode()
    share = body.split('id="share-heading"')[1].split("</nav>")[0]
    assert (
        "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fportfolio.example"
        in share
    )
    assert "mailto:?subject=" in share
    assert "<script" not in body.split("</head>")[1]


def test_scheduled_article_appears_by_itself_at_its_time(client, content):
    publish_at = timezone.now() + timedelta(days=2)
    article = make_article(title="Written ahead", published_at=publish_at)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Written ahead" not in page_text(client.get("/articles/"))
    with time_machine.travel(publish_at + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Written ahead" in page_text(client.get("/articles/"))
        assert "Written ahead" in page_text(client.get("/"))


def test_draft_is_404_for_anonymous_visitors_and_previewable_by_staff(client, superuser_client, db):
    article = make_article(status=Article.Status.DRAFT)
    from django.test import Client

    assert Client().get(article.get_absolute_url()).status_code == 404
    response = superuser_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex, nofollow">' in head_of(response)


def test_listing_is_paginated_and_a_bad_page_is_404(client, content):
    assert client.get("/articles/?page=2").status_code == 200
    for page in ["3", "0", "abc", "99999999999999999999"]:
        assert client.get(f"/articles/?page={page}").status_code == 404


def test_category_and_tag_pages_have_their_own_title(client, content):
    category = client.get("/articles/category/system-design/")
    tag = client.get("/articles/tag/java/")
    assert "<title>System Design articles — Kunal</title>" in head_of(category)
    assert "<title>Articles tagged “Java” — Kunal</title>" in head_of(tag)
    assert "Spring Boot 3 Migration Guide" in page_text(tag)
    assert "Spring Boot 3 Migration Guide" not in page_text(category)


def test_unknown_category_or_tag_is_404(client, db):
    assert client.get("/articles/category/nope/").status_code == 404
    assert client.get("/articles/tag/nope/").status_code == 404


# Feeds ----------------------------------------------------------------------------------------


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
    assert len(titles) == 13
    assert titles[0] == "How I Designed a Rate Limiter from Scratch"
    assert "A draft" not in titles and "A future one" not in titles
    first = feed.entries[0]
    assert first.link == f"{SITE}/articles/rate-limiter-from-scratch/"
    assert '<div class="highlight">' in first.content[0].value  # the full article HTML


def test_json_feed_follows_version_1_1(client, content):
    make_article(title="A draft", status=Article.Status.DRAFT)
    response = client.get("/articles/feed.json")
    assert response["Content-Type"] == "application/feed+json"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{SITE}/articles/feed.json"
    assert len(feed["items"]) == 13
    item = feed["items"][0]
    assert item["title"] == "How I Designed a Rate Limiter from Scratch"
    assert item["content_html"].startswith("<p>")
    dates = [item["date_published"] for item in feed["items"]]
    assert dates == sorted(dates, reverse=True)


# Sitemap and robots ---------------------------------------------------------------------------


def test_sitemap_lists_every_published_page_with_lastmod(client, content):
    draft = make_article(slug="secret-draft", status=Article.Status.DRAFT, tags=[make_tag()])
    response = client.get("/sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(response.content)
    entries = {
        url.find("s:loc", namespace).text: url.find("s:lastmod", namespace)
        for url in root.findall("s:url", namespace)
    }
    assert all(lastmod is not None for lastmod in entries.values())
    for path in [
        "/",
        "/projects/",
        "/projects/meshengine/",
        "/articles/",
        "/articles/lifecycle-of-a-java-program/",
        "/articles/category/ai-ml/",
        "/articles/tag/rate-limiting/",
        "/contact/",
    ]:
        assert f"{SITE}{path}" in entries
    assert f"{SITE}/articles/secret-draft/" not in entries
    # Category and tag pages with nothing published on them are left out.
    assert f"{SITE}{draft.category.get_absolute_url()}" not in entries
    assert f"{SITE}{draft.tags.get().get_absolute_url()}" not in entries
    assert entries[f"{SITE}/articles/the-cryptic-ledger/"].text == "2026-04-15"


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"Sitemap: {SITE}/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_unchanged_pages_and_feeds_answer_304(client, content):
    for url in ["/articles/the-cryptic-ledger/", "/articles/feed.atom", "/sitemap.xml"]:
        etag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_feeds_treat_summaries_as_text(client, db):
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


def test_categories_and_tags_of_drafts_only_are_not_public(client, db):
    tag = make_tag(name="Acquisition", slug="acquisition")
    draft = make_article(status=Article.Status.DRAFT, tags=[tag])
    assert client.get(draft.category.get_absolute_url()).status_code == 404
    assert client.get(tag.get_absolute_url()).status_code == 404
    assert draft.category.name not in page_text(client.get("/articles/"))
