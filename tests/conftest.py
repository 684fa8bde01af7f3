"""Fixtures for the whole suite.

The owner's shipped content is loaded once, into the test database as it is made; each test runs
in a transaction that is rolled back, so every test sees the same content. Tests of
behaviour build what they need with tests.factories instead of relying on the owner's wording;
`empty_database` gives a test a database without any content.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.content import load_content
from stats.tally import tally
from tests.helpers import SITE, redis_url, require_redis

pytest_plugins = ["tests.mailserver"]

# The apps whose rows are the site's content, in the order their models may be deleted.
PROJECT_APPS = ["contact", "testimonials", "articles", "projects", "experience", "owner", "images"]


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Collect static files once, so pages render fingerprinted URLs as in production."""
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.fixture(scope="session", autouse=True)
def own_cache():
    """Each test process keeps its caches in its own memory: the default and statistics caches,
    folders under var/, would be shared by the processes that run the suite in parallel."""
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    own = {"default": locmem, "stats": {**locmem, "LOCATION": "stats"}}
    with override_settings(CACHES={**settings.CACHES, **own}):
        yield


@pytest.fixture(scope="session", autouse=True)
def statistics_flushed_by_tests():
    """The reading statistics gathered in the test process are handed to the worker when a
    test flushes them (stats.tally), not by the flushing thread in the middle of another test."""
    with override_settings(STATS_FLUSH_SECONDS=24 * 60 * 60):
        yield


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploads and share cards go to a folder of the test session's own, never to var/media;
    it is set before the shipped content is loaded, whose cards are drawn into it."""
    folder = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=folder):
        yield folder


def load_shipped_content(sender, using, **kwargs):
    """The shipped content, loaded once into each test database as it is made: after the last
    app's migrations, and before Django takes the snapshot that the browser tests are given
    back after each of them (serialized_rollback, see tests/browser/conftest.py)."""
    if sender.label == list(apps.get_app_configs())[-1].label:
        load_content()


post_migrate.connect(load_shipped_content, dispatch_uid="tests:load-shipped-content")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as after a deploy."""
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def empty_tally():
    """Each test starts with no reading statistics gathered and not yet flushed."""
    tally.take()


@pytest.fixture(autouse=True)
def site_url(settings):
    """Absolute URLs in pages, feeds and sitemaps are built on this address."""
    settings.SITE_URL = SITE


@pytest.fixture
def content(db):
    """The owner's shipped content (loaded once per session; see django_db_setup)."""


def delete_all_content():
    for label in PROJECT_APPS:
        for model in reversed(list(apps.get_app_config(label).get_models())):
            model.objects.all().delete()


@pytest.fixture
def empty_database(db):
    """A database without any content, as before the first load (undone after the test)."""
    delete_all_content()


@pytest.fixture
def staff_client(db, django_user_model):
    """A client signed in as the owner, a superuser; the `client` fixture stays anonymous."""
    # No password: hashing one is slow, and force_login does not need it.
    user = django_user_model.objects.create_superuser("owner", "owner@example.com", None)
    staff = Client()
    staff.force_login(user)
    # As in production: a session that passed the second factor, an authenticator app.
    device = TOTPDevice.objects.create(user=user, name="Authenticator app")
    session = staff.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return staff


@pytest.fixture
def redis_cache(settings):
    """The default cache is a real Redis, as in production; its URL, for other processes."""
    url = redis_url()
    require_redis(url)
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url},
    }
    caches["default"].clear()
    yield url
    caches["default"].clear()
