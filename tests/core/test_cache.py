"""Cached pages never show stale content (see also test_pagecache for other processes)."""

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
