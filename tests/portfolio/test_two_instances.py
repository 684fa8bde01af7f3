"""Two app server processes sharing one database and one Redis behave as one site."""

import pytest
from django.conf import settings

from tests.factories import make_project
from tests.helpers import (
    Browser,
    free_port,
    redis_url,
    require_redis,
    start_app_server,
    wait_until_up,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_servers():
    import redis

    cache_url = redis_url()
    require_redis(cache_url)
    redis.Redis.from_url(cache_url).flushdb()
    servers, bases = [], []
    for _ in range(2):
        port = free_port()
        environ = {"CACHE_URL": cache_url, "CONTACT_RATE_LIMIT": "3/h"}
        servers.append(start_app_server(port, CONTACT_MIN_FILL_SECONDS="0", **environ))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base, server in zip(bases, servers, strict=True):
            wait_until_up(base + "/healthz", server)
        yield bases
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
        redis.Redis.from_url(cache_url).flushdb()


def test_a_session_an_edit_and_the_rate_limit_are_shared_by_both(two_servers, django_user_model):
    first, second = two_servers
    django_user_model.objects.create_superuser("owner", "owner@example.com", "a-long-passphrase")
    project = make_project(category="Shared across processes")
    admin = f"/{settings.ADMIN_PATH}"

    # A staff session made on one process is valid on the other.
    owner = Browser()
    status, _ = owner.post(
        f"{first}{admin}login/", {"username": "owner", "password": "a-long-passphrase"}
    )
    assert status == 302
    status, page = owner.get(f"{second}{admin}")
    assert status == 200 and "Log out" in page

    # An edit made through one process is seen at once through the other, cache and all.
    visitor = Browser()
    assert "Shared across processes" in visitor.get(f"{second}/projects/")[1]
    status, _ = owner.post(
        f"{first}{admin}projects/project/",
        {"action": "unpublish", "_selected_action": project.pk},
    )
    assert status == 302
    assert "Shared across processes" not in visitor.get(f"{second}/projects/")[1]

    # The contact form's rate limit counts the posts made to both.
    message = {"name": "Ada", "email": "ada@example.com", "message": "Hello"}
    for base in [first, second, first]:
        assert visitor.post(f"{base}/contact/", message)[0] == 302
    assert visitor.post(f"{second}/contact/", message)[0] == 429
