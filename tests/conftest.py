import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from core.content import load_content


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Collect static files once, so pages render fingerprinted URLs as in production."""
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as after a deploy."""
    cache.clear()


@pytest.fixture
def content(db):
    """The owner's real content from content/, loaded as a fresh install would."""
    return load_content()


@pytest.fixture
def superuser_client(client, django_user_model):
    # No password: hashing one is slow, and force_login does not need it.
    user = django_user_model.objects.create_superuser("owner", "owner@example.com", None)
    client.force_login(user)
    return client
