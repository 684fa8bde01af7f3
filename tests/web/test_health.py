"""Liveness (/healthz) and readiness (/readyz) for load balancers and orchestrators."""

import contextlib
import os
import socket
import threading

import pytest

from tests.helpers import run_python

pytestmark = pytest.mark.django_db


def results_in_a_fresh_process(script, args=(), **environ):
    """What `script` prints on its lines starting with "RESULT ", run with `args` in a fresh
    process with the given settings."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "LOG_LEVEL": "WARNING",  # request lines would mix with what the script prints
        "DEBUG": "true",
        **environ,
    }
    output = run_python(script, env, args=args)
    return [
        line.removeprefix("RESULT ") for line in output.splitlines() if line.startswith("RESULT ")
    ]


def in_a_process_whose(**environ):
    """GET /healthz and /readyz in a fresh process with the given settings."""
    script = (
        "import django; django.setup(); from django.test import Client; client = Client(); "
        "[print('RESULT', r.status_code, r.json(), r['Cache-Control']) "
        "for r in (client.get('/healthz'), client.get('/readyz'))]"
    )
    return results_in_a_fresh_process(script, **environ)


def test_both_answer_ok_when_everything_is_up(client):
    live, ready = client.get("/healthz"), client.get("/readyz")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (
        200,
        {"status": "ok", "database": "ok", "cache": "ok"},
    )
    for response in (live, ready):
        assert "no-store" in response["Cache-Control"]


def test_liveness_never_touches_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_with_the_database_down_the_process_is_live_but_not_ready():
    live, ready = in_a_process_whose(DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere")
    assert live.startswith("200 {'status': 'ok'}")
    assert ready.startswith("503 {'status': 'unavailable', 'database': 'down', 'cache': 'ok'}")


def test_with_the_cache_down_the_process_is_not_ready(tmp_path):
    from tests.helpers import database_url

    live, ready = in_a_process_whose(CACHE_URL="redis://127.0.0.1:9/0", DATABASE_URL=database_url())
    assert live.startswith("200")
    assert ready.startswith("503 {'status': 'unavailable', 'database': 'ok', 'cache': 'down'}")


def test_both_answer_any_host_over_plain_http(client, settings):
    # A probe calls the process by its address, which is not one of the site's host names.
    for url in ["/healthz", "/readyz"]:
        assert client.get(url, HTTP_HOST="10.0.0.7:8000").status_code == 200


def test_both_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/articles/").status_code == 301


def test_with_redis_down_pages_are_rendered_and_messages_still_arrive(client, content, settings):
    from contact.models import ContactMessage
    from tests.mailserver import filled_in

    # Production's Redis settings (portfolio/settings.py), with nothing listening at the address.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 2},
        },
    }
    settings.CONTACT_MIN_FILL_SECONDS = 0
    for url in ["/", "/articles/", "/articles/feed.atom", "/contact/"]:
        assert client.get(url).status_code == 200, url
    assert client.post("/contact/", filled_in(email="ada@example.com")).status_code == 302
    assert ContactMessage.objects.get().email == "ada@example.com"
    assert client.get("/readyz").json()["cache"] == "down"


class HangingRedis:
    """A Redis address that accepts connections and never answers; it counts the connections."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.url = f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        with contextlib.suppress(OSError):
            while True:
                self.held.append(self.server.accept()[0])

    def close(self):
        self.server.close()
        for connection in self.held:
            connection.close()


@pytest.fixture
def hanging_redis():
    redis = HangingRedis()
    yield redis
    redis.close()


def statuses_with_redis_at(url, paths):
    """The status of each page, asked for in turn in a fresh process with Redis at `url`."""
    from tests.helpers import database_url

    script = (
        "import django, sys; django.setup(); from django.test import Client; "
        "[print('RESULT', Client().get(path).status_code) for path in sys.argv[1:]]"
    )
    # CACHE_URL with the socket timeouts portfolio/settings.py sets.
    return results_in_a_fresh_process(
        script, args=paths, LOG_LEVEL="ERROR", CACHE_URL=url, DATABASE_URL=database_url()
    )


def test_with_redis_hanging_pages_are_still_answered(content, hanging_redis):
    assert statuses_with_redis_at(hanging_redis.url, ["/articles/"]) == ["200"]


def test_ten_failing_probes_log_one_line_the_change_of_readiness():
    script = (
        "import django; django.setup(); from django.test import Client; client = Client(); "
        "[client.get('/readyz') for _ in range(10)]; client.get('/healthz')"
    )
    env = {
        "PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "DEBUG": "true", "LOG_LEVEL": "INFO", "LOG_FORMAT": "text",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
    }  # fmt: skip
    lines = run_python(script, env).splitlines()
    assert lines == [lines[0]]
    assert "WARNING web.middleware Not ready: the database does not answer." in lines[0]


def test_readiness_coming_back_is_logged_once(client, settings, caplog):
    caplog.set_level("INFO")
    working = settings.CACHES
    settings.CACHES = {
        **working,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.1, "IGNORE_EXCEPTIONS": False},
        },
    }
    for _ in range(3):
        assert client.get("/readyz").status_code == 503
    settings.CACHES = working
    for _ in range(3):
        assert client.get("/readyz").status_code == 200
    changes = [record.getMessage() for record in caplog.records]
    assert changes == [
        "Not ready: the cache does not answer.",
        "Ready: the database and the cache answer.",
    ]
