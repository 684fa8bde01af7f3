"""Cached home-page sections never show stale content."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from core.cache import content_version
from tests.factories import make_article, make_project, make_testimonial
from tests.helpers import page_text, redis_url

pytestmark = pytest.mark.django_db


def home_text(client):
    return page_text(client.get("/"))


@pytest.fixture
def redis_cache(settings):
    """The shared cache of a production site: the Redis server at TEST_REDIS_URL."""
    import redis

    url = redis_url()
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {url}")
        pytest.skip(f"no Redis at {url}")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    cache.clear()
    yield url
    cache.clear()


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


def test_a_change_made_in_one_process_is_seen_by_another_through_redis(redis_cache):
    before = content_version()
    script = (
        "import django; django.setup(); from core.cache import content_changed; content_changed()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            "CACHE_URL": redis_cache,
            "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert content_version() != before
