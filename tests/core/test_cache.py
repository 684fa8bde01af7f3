"""Cached pages never show stale content (see also test_pagecache for other processes)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_project, make_testimonial
from tests.helpers import page_text

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
    monkeypatch.setattr("core.pagecache.code_version", lambda: "the-next-release")
    with django_assert_num_queries(5):  # rendered by the new code, not read from the cache
        client.get("/articles/")


def test_the_code_version_changes_with_any_file_the_site_runs(tmp_path):
    from core.cache import tree_digest

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


def test_what_is_kept_under_the_content_version_is_asked_of_the_shared_cache_once(
    db, django_assert_num_queries
):
    from django.core.cache import cache

    from core.cache import APP_VERSION_KEY, app_versions, content_changed, content_version
    from core.site import SITE_DATA_KEY, site_data

    labels = {"core", "articles"}
    versions = app_versions(labels)
    site_data()
    # Gone from the shared cache: this process still holds them, for this content version.
    cache.delete_many(
        [SITE_DATA_KEY.format(content_version())]
        + [APP_VERSION_KEY.format(label) for label in labels]
    )
    with django_assert_num_queries(0):
        site_data()
    assert app_versions(labels) == versions
    content_changed()
    with django_assert_num_queries(3):  # the profile, the links, the figures
        site_data()
    assert set(app_versions(labels).values()).isdisjoint(versions.values())


def _parts(body):
    head = body.split("</head>")[0]
    header = body.split('<header class="site-header">')[1].split("</header>")[0]
    footer = body.split('<footer class="site-footer">')[1].split("</footer>")[0]
    return head, header, footer


def test_the_parts_every_page_shares_show_an_edit_of_the_owner_on_the_next_view(client, db):
    from core.models import Profile, SocialLink

    for path in ["/", "/articles/"]:
        client.get(path)  # the head, header and footer are cached by the first page
    profile = Profile.load()
    profile.name = "Augusta Ada King"
    profile.save()
    SocialLink.objects.create(label="Mastodon", url="https://example.org/@ada")
    for path in ["/", "/articles/"]:
        head, header, footer = _parts(client.get(path).content.decode())
        assert 'title="Augusta Ada King — articles (Atom)"' in head, path
        assert '<meta property="og:site_name" content="Augusta Ada King">' in head, path
        assert ">Augusta Ada King</a>" in header, path
        assert "Augusta Ada King" in footer and "https://example.org/@ada" in footer, path


def test_the_header_marks_the_section_of_each_page(client, db):
    make_project(slug="a-project")
    current = {
        "/": None,
        "/articles/": "Articles",
        "/projects/": "Projects",
        "/projects/a-project/": "Projects",
        "/contact/": "Contact",
        "/search/": "Search",
    }
    for _ in range(2):  # rendered, then with the header from the cache
        for path, section in current.items():
            header = _parts(client.get(path).content.decode())[1]
            marked = re.findall(r'aria-current="page">([^<]+)</a>', header)
            assert marked == ([section] if section else []), path


def test_the_shared_parts_are_not_kept_under_a_version_newer_than_the_rows_they_show(client, db):
    """A view reads the site data before its template is rendered: an edit committed in
    between must not leave the rows of before cached under the version that follows it."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.urls import resolve

    from core.models import Profile
    from core.site import get_profile

    client.get("/articles/")
    request = RequestFactory().get("/articles/")
    request.resolver_match = resolve("/articles/")
    get_profile(request)  # as the view does, first
    profile = Profile.load()
    profile.name = "Augusta Ada King"
    profile.save()
    render_to_string("base.html", request=request)  # then its page, with the rows it read
    header = _parts(client.get("/articles/").content.decode())[1]
    assert ">Augusta Ada King</a>" in header
