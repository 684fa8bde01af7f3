import html
import http.cookiejar
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


def page_text(response):
    """The text a person reads on the page: tags removed, entities decoded, spaces collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return " ".join(text.split())


# The public address the tests give the site (settings.SITE_URL).
SITE = "https://portfolio.example"


def head_of(response):
    """The page's <head>, as a string."""
    return response.content.decode().split("</head>")[0]


def json_ld(response):
    """Every JSON-LD block of the page, parsed."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


def meta_content(response, attribute, name):
    """The content of <meta {attribute}="{name}">, or None."""
    match = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', head_of(response)
    )
    return match and match.group(1)


def redis_url():
    """The Redis database for this test process: TEST_REDIS_URL, or one of 6379's own per
    pytest-xdist worker, so that workers clearing their cache do not clear each other's."""
    if "TEST_REDIS_URL" in os.environ:
        return os.environ["TEST_REDIS_URL"]
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return f"redis://127.0.0.1:6379/{15 - worker % 8}"


# The pages that list the owner's content.
def missing(what):
    """A tool or service the test needs is absent: a failure in CI, which has everything, and
    a skip on a machine without it."""
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {what}")
    pytest.skip(f"needs {what}")


PUBLIC_LISTINGS = ["/", "/articles/", "/projects/"]

# Every kind of page a visitor can reach, by one example of each from the shipped content.
PAGE_TYPES = {
    "home": "/",
    "projects": "/projects/",
    "project": "/projects/meshengine/",
    "articles": "/articles/",
    "article": "/articles/rest-apis-explained/",
    "article with code": "/articles/rate-limiter-in-pure-python/",
    "category": "/articles/category/backend-engineering/",
    "tag": "/articles/tag/python/",
    "search with results": "/search/?q=redis",
    "search without results": "/search/?q=zzzzqqq",
    "contact": "/contact/",
    "thank-you": "/contact/thanks/",
    "résumé": "/cv/",
    "privacy": "/privacy/",
    "newsletter": "/newsletter/",
    "not found": "/no-such-page/",
}


def page_types():
    """PAGE_TYPES with the pages whose address the database gives: a skill's (one that
    something published shows, as only those have a page)."""
    from experience.models import Skill

    skill = Skill.objects.with_evidence().order_by("pk").first()
    return {**PAGE_TYPES, "skill": skill.get_absolute_url()}


def visible_anywhere(client, text, urls=PUBLIC_LISTINGS):
    """The pages among `urls` that show `text`."""
    return [url for url in urls if text in page_text(client.get(url))]


def run_python(script, env, args=()):
    """Run `script` in a fresh interpreter at the project's root, with only `env` (and `args` in
    sys.argv); its output."""
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def require_redis(url):
    """Skip the test when no Redis answers at `url`; in CI, where Redis must be, fail it."""
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        missing(f"Redis at {url}")


def free_port():
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """The test database, as a URL a separate process can open."""
    from django.db import connection

    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{user}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def start_app_server(port, stdout=subprocess.DEVNULL, **environ):
    """gunicorn serving the site on a loopback port, with development settings, on this test's
    database (`environ` adds to or changes its environment); wait_until_up() before use."""
    env = {
        **os.environ,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "DATABASE_URL": database_url(),
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
        **environ,
    }
    command = [sys.executable, "-m", "gunicorn", "portfolio.wsgi", "--config", "gunicorn.conf.py"]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=stdout)


def wait_until_up(url, process=None, seconds=20):
    """Wait until `url` answers at all (any status), or fail; and fail at once if `process`
    has ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"{process.args[0]} ended with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {seconds} s")


def run_on_test_database(script, **environ):
    """Run `script` in another Django process on this test's database, with development settings
    and quiet logs (request lines would mix with what the script prints); its output."""
    env = {
        **os.environ,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url(),
        **environ,
    }
    return run_python(script, env)


def admin_form_data(response):
    """The POST data of an admin change form as the page shows it, its inlines included."""
    from django.forms import MultiWidget

    context = response.context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, MultiWidget):  # a date and a time, say
                parts = value if isinstance(value, list) else bound.field.widget.decompress(value)
                data |= {f"{bound.html_name}_{i}": part for i, part in enumerate(parts) if part}
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif value is not None:
                data[bound.html_name] = value
    return data


def through_wsgi(method, path, query="", **headers):
    """The status, headers and body the app gives a WSGI server (gunicorn) for a request. (The
    test client empties a HEAD response's body itself.)"""
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_ACCEPT_ENCODING": "br, gzip",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(),
    } | headers  # fmt: skip
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    # As the test client does, the test's database connection is kept open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer = WSGIHandler()(environ, start_response)
        body = b"".join(answer)
        answer.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], started["headers"], body


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
