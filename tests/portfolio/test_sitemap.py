"""sitemap.xml, assembled from each app's sitemaps: every public page with its last change."""

from xml.etree import ElementTree

import pytest

from articles.models import Article
from tests.factories import make_article, make_tag
from tests.helpers import SITE

pytestmark = pytest.mark.django_db


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
