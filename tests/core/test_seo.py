"""What search engines and link previews read: titles, descriptions, canonical URLs, JSON-LD."""

import re

import pytest

from articles.models import Article
from articles.views import ARTICLES_PER_PAGE
from tests.factories import make_article
from tests.helpers import SITE, head_of, json_ld, meta_content

pytestmark = pytest.mark.django_db


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
def second_page_of_articles(db):
    """Enough articles for the listing to have a page 2."""
    for _ in range(ARTICLES_PER_PAGE + 1 - Article.objects.published().count()):
        make_article()


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
    assert meta_content(response, "name", "twitter:card") == "summary_large_image"
    assert meta_content(response, "property", "og:image").startswith(f"{SITE}/media/images/")
    assert "evil.example" not in head


@pytest.mark.parametrize("url", [u for u in INNER_PAGES if "/articles/the" not in u])
def test_inner_pages_have_breadcrumbs(client, content, url):
    types = [data["@type"] for data in json_ld(client.get(url))]
    assert "BreadcrumbList" in types


def test_json_ld_cannot_break_out_of_its_script_block(client, content):
    make_article(title="</script><script>alert(1)</script>", slug="hostile")
    body = client.get("/articles/hostile/").content.decode()
    assert "</script><script>alert(1)" not in body
    assert "\\u003C/script\\u003E" in body


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"Sitemap: {SITE}/sitemap.xml" in response.content.decode()
    assert "admin" not in response.content.decode()  # its address is not advertised
