"""sitemap.xml, assembled from each app's sitemaps: every public page with its last change."""

from xml.etree import ElementTree

import pytest

from articles.models import Article
from experience.models import Skill
from tests.factories import make_article, make_project, make_skill_group, make_tag
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
    # Every page has its last change, but a skill's, which has no date of its own.
    assert all(lastmod is not None for url, lastmod in entries.items() if "/toolkit/" not in url)
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


def sitemap_locations(client):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {url.find("s:loc", namespace).text for url in root.findall("s:url", namespace)}


def test_every_skill_page_with_something_to_show_is_listed_and_the_others_are_not_pages(
    client, content
):
    make_skill_group(skills=["Weaving", "Spinning"])
    weaving, spinning = Skill.objects.get(name="Weaving"), Skill.objects.get(name="Spinning")
    weaving.projects.add(make_project())
    spinning.projects.add(make_project(is_published=False))  # nothing published shows it
    locations = sitemap_locations(client)
    shown = [
        skill
        for skill in Skill.objects.all()
        if client.get(skill.get_absolute_url()).status_code == 200
    ]
    assert weaving in shown and spinning not in shown
    assert {f"{SITE}{skill.get_absolute_url()}" for skill in shown} <= locations
    assert f"{SITE}{spinning.get_absolute_url()}" not in locations
    assert client.get(spinning.get_absolute_url()).status_code == 404
    # The toolkit links the skills that have a page, and only those.
    home = client.get("/").text
    assert f'href="{weaving.get_absolute_url()}"' in home
    assert f'href="{spinning.get_absolute_url()}"' not in home
