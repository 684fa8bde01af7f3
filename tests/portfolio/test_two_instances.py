"""Two app server processes sharing one database and one Redis behave as one site."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

from tests.factories import make_project
from tests.helpers import database_url, free_port, redis_url, require_redis

pytestmark = pytest.mark.django_db(transaction=True)


class Browser:
    """A visitor with cookies, who does not follow redirects."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def get(self, url):
        return self._open(urllib.request.Request(url))

    def post(self, url, fields):
        page = self.get(url)[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        return self._open(urllib.request.Request(url, data, headers={"Referer": url}))

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture
def two_servers():
    import redis

    cache_url = redis_url()
    require_redis(cache_url)
    redis.Redis.from_url(cache_url).flushdb()
    servers, bases = [], []
    for _ in range(2):
        port = free_port()
        env = {
            **os.environ,
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "portfolio.settings",
            "DATABASE_URL": database_url(),
            "CACHE_URL": cache_url,
            "STATIC_ROOT": str(settings.STATIC_ROOT),
            "CONTACT_RATE_LIMIT": "3/h",
            "CONTACT_MIN_FILL_SECONDS": "0",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
            "LOG_LEVEL": "WARNING",
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "portfolio.wsgi",
            "--config",
            "gunicorn.conf.py",
        ]
        servers.append(
            subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL)
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
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
