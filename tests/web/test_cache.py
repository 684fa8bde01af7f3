"""Public pages: the same for every anonymous visitor, said so in HTTP, kept by the app under the
content version and never stale; the signed-in owner's are never kept (see also
tests/portfolio/test_front_cache.py, through nginx)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_project, make_testimonial
from tests.helpers import PAGE_TYPES, page_text
from web.cache import PUBLIC_CACHE_CONTROL

pytestmark = pytest.mark.django_db


def home_text(client):
    return page_text(client.get("/"))


def test_an_edit_shows_on_the_next_view(client, db):
    testimonial = make_testimonial(author="Ada Lovelace")
    assert "Ada Lovelace" in home_text(client)
    testimonial.author = "Augusta Ada King"
    testimonial.save()
    assert "Augusta Ada King" in home_text(client)


def test_a_deletion_shows_on_the_next_view(client, db):
    testimonial = make_testimonial(author="Ada Lovelace")
    assert "Ada Lovelace" in home_text(client)
    testimonial.delete()
    assert "Ada Lovelace" not in home_text(client)


def test_a_bulk_admin_action_shows_on_the_next_view(client, staff_client, db):
    project = make_project(category="Analytical Engines")
    assert "Analytical Engines" in home_text(client)
    response = staff_client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "unpublish", "_selected_action": [project.pk]},
    )
    assert response.status_code == 302
    assert "Analytical Engines" not in home_text(client)


def test_an_article_unpublished_by_the_admin_action_leaves_the_pages_at_once(
    client, staff_client, db
):
    article = make_article(title="Notes on the engine", published_at=timezone.now())
    assert "Notes on the engine" in home_text(client)
    response = staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    assert "Notes on the engine" not in home_text(client)


def test_a_scheduled_article_appears_on_time_despite_the_cache(client, db):
    due = timezone.now() + timedelta(minutes=3)
    make_article(title="Appears on schedule", published_at=due)
    assert "Appears on schedule" not in home_text(client)
    with time_machine.travel(due + timedelta(seconds=2)):
        assert "Appears on schedule" in home_text(client)


def test_a_new_release_renders_its_pages_again(client, db, monkeypatch, django_assert_num_queries):
    client.get("/articles/")
    with django_assert_num_queries(0):
        client.get("/articles/")  # from the cache
    monkeypatch.setattr("web.cache.code_version", lambda: "the-next-release")
    with django_assert_num_queries(7):  # rendered by the new code, not read from the cache
        client.get("/articles/")


def test_the_code_version_changes_with_any_file_the_site_runs(tmp_path):
    from web.cache import tree_digest

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>One</p>")
    (tmp_path / "var").mkdir()
    before = tree_digest(tmp_path)
    (tmp_path / "var" / "upload.png").write_bytes(b"not code")  # var/ holds data, not code
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    assert tree_digest(tmp_path) == before
    (tmp_path / "templates" / "page.html").write_text("<p>Two</p>")
    assert tree_digest(tmp_path) != before


PUBLIC_PAGES = [
    url for name, url in PAGE_TYPES.items() if name not in {"contact", "thank-you", "not found"}
] + ["/articles/feed.atom", "/articles/feed.json", "/sitemap.xml", "/resume.json", "/cv/"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_public_page_is_the_same_for_everyone_and_says_so(client, url):
    first = client.get(url, HTTP_ACCEPT_ENCODING="br")
    second = client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_COOKIE="csrftoken=abc; theme=dark")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert (
        "s-maxage=1" in first["Cache-Control"] and "stale-if-error=86400" in first["Cache-Control"]
    )
    assert first["ETag"].strip("W/") == second["ETag"].strip("W/")
    assert first["Vary"] == "Accept-Encoding"
    assert not first.cookies and "Expires" not in first


def test_a_revalidation_is_a_304_that_reads_nothing_until_the_content_changes(
    client, django_assert_num_queries
):
    etag = client.get("/articles/")["ETag"]
    content_changed_elsewhere = client.get("/projects/")["ETag"]
    assert etag == content_changed_elsewhere  # one version for the whole site
    with django_assert_num_queries(0):
        response = client.get("/articles/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and not response.content
    assert response["ETag"] == etag and response["Cache-Control"] == PUBLIC_CACHE_CONTROL
    make_article(title="A new one")
    response = client.get("/articles/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "A new one" in page_text(response)


def test_an_answer_other_than_a_page_is_not_marked_public(rf):
    from django.http import HttpResponseNotFound, HttpResponseRedirect

    from web.cache import public_page

    for answer in [HttpResponseNotFound("x" * 300), HttpResponseRedirect("/elsewhere/")]:
        response = public_page(lambda request, answer=answer: answer)(rf.get("/x/"))
        assert "public" not in response.get("Cache-Control", "") and "ETag" not in response


def test_the_owner_is_never_served_from_the_cache_nor_kept_in_one(
    client, staff_client, django_assert_num_queries
):
    article = make_article(title="Drafted", status="draft")
    client.get("/articles/")  # kept for visitors
    response = staff_client.get("/articles/")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]
    preview = staff_client.get(article.get_absolute_url())
    assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]
    assert client.get(article.get_absolute_url()).status_code == 404  # the preview was not kept


def test_the_contact_page_is_made_for_each_visitor_and_kept_by_no_shared_cache(client):
    first, second = client.get("/contact/"), Client().get("/contact/")
    assert first["Cache-Control"] == "private, max-age=0"
    assert "csrftoken" in first.cookies
    token = 'name="key" value="'
    assert first.text.split(token)[1][:36] != second.text.split(token)[1][:36]


def test_the_home_page_leads_to_the_contact_form_with_the_owners_words(client):
    response = client.get("/")
    contact = response.text.split('id="contact"')[1].split("</section>")[0]
    assert "Drop me a message" in contact
    assert 'href="/contact/"' in contact and "<form" not in response.text.split("<main")[1]


def test_the_header_marks_the_section_of_each_page(client):
    make_project(slug="a-project")
    current = {
        "/": None,
        "/articles/": "Articles",
        "/projects/": "Projects",
        "/projects/a-project/": "Projects",
        "/contact/": "Contact",
        "/search/": "Search",
    }
    for _ in range(2):  # rendered, then from the cache
        for path, section in current.items():
            header = client.get(path).text.split('<header class="site-header">')[1]
            marked = re.findall(r'aria-current="page">([^<]+)</a>', header.split("</header>")[0])
            assert marked == ([section] if section else []), path


def test_the_owners_home_page_shows_an_edit_at_once(staff_client):
    testimonial = make_testimonial(author="Ada Lovelace")
    assert "Ada Lovelace" in page_text(staff_client.get("/"))
    testimonial.author = "Augusta Ada King"
    testimonial.save()
    assert "Augusta Ada King" in page_text(staff_client.get("/"))


def test_a_scheduled_article_appears_on_the_owners_home_page_on_time(staff_client):
    due = timezone.now() + timedelta(minutes=3)
    make_article(title="Appears on schedule", published_at=due)
    assert "Appears on schedule" not in page_text(staff_client.get("/"))
    with time_machine.travel(due + timedelta(seconds=2)):
        assert "Appears on schedule" in page_text(staff_client.get("/"))
