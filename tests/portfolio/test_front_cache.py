"""The front cache: the real nginx (bin/front-cache, deploy/nginx/) in front of a real app
server, sharing this test's database and a cache folder with it."""

import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.test import Client

from contact.models import ContactMessage
from tests.factories import make_article, make_project
from tests.helpers import Browser, free_port, missing, start_app_server, wait_until_up

pytestmark = pytest.mark.django_db(transaction=True)


class FrontCache:
    """The app server and nginx in front of it; `get` asks nginx."""

    def __init__(self, folder, cache_url):
        self.folder, self.cache_url = folder, cache_url
        self.app_port, self.port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.app_log = folder / "app.log"

    def start_app(self):
        with self.app_log.open("ab") as log:
            # Production settings, but plain HTTP (nginx's port, with no TLS in front of it).
            self.app = start_app_server(
                self.app_port, stdout=log, CACHE_URL=self.cache_url, LOG_LEVEL="INFO",
                LOG_FORMAT="text", DEBUG="false", SECRET_KEY=settings.SECRET_KEY,
                ALLOWED_HOSTS="127.0.0.1", SITE_URL=self.base, ADMIN_PATH=settings.ADMIN_PATH,
                CONTACT_RECIPIENTS="owner@127.0.0.1", SECURE_SSL_REDIRECT="false",
                SECURE_COOKIES="false", SECURE_HSTS_SECONDS="0", CONTACT_MIN_FILL_SECONDS="0",
                STATS_FLUSH_SECONDS="1", TRUSTED_PROXY_COUNT="1",
            )  # fmt: skip
        wait_until_up(f"http://127.0.0.1:{self.app_port}/healthz", self.app)

    def stop_app(self):
        self.app.terminate()
        self.app.wait(timeout=20)

    def start(self):
        self.start_app()
        self.nginx = subprocess.Popen(
            ["bin/front-cache", str(self.app_port), str(self.port)],
            cwd=settings.BASE_DIR,
            env={"PATH": "/usr/sbin:/usr/bin:/bin", "FRONT_CACHE_RUN_DIR": str(self.folder)},
        )
        wait_until_up(f"{self.base}/healthz", self.nginx)

    def stop(self):
        self.nginx.terminate()
        self.nginx.wait(timeout=20)
        if self.app.poll() is None:
            self.stop_app()

    def get(self, path, coding="br", **headers):
        """(status, headers, body) of a GET through nginx."""
        request = urllib.request.Request(
            self.base + path, headers={"Accept-Encoding": coding, **headers}
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def app_requests(self, path):
        """The requests for `path` that reached the app."""
        lines = self.app_log.read_text().splitlines()
        return [line for line in lines if f"portfolio.request GET {path} " in line]


@pytest.fixture
def front_cache(tmp_path, settings):
    if shutil.which("nginx", path="/usr/sbin:/usr/bin") is None:
        missing("nginx (apt-get install nginx)")
    # This process and the app server share the content version through a cache folder.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    front = FrontCache(tmp_path, f"filecache://{tmp_path / 'cache'}")
    front.start()
    yield front
    front.stop()


def test_an_anonymous_page_is_kept_and_served_from_the_front_cache(front_cache):
    first = front_cache.get("/projects/")
    second = front_cache.get("/projects/")
    assert first[0] == second[0] == 200
    assert first[1]["X-Cache"] == "MISS" and second[1]["X-Cache"] == "HIT"
    assert first[2] == second[2] and second[1]["Content-Encoding"] == "br"
    assert len(front_cache.app_requests("/projects/")) == 1
    # Each coding is its own copy, compressed by the app once.
    gzipped = front_cache.get("/projects/", coding="gzip, deflate")
    assert gzipped[1]["Content-Encoding"] == "gzip" and gzipped[1]["X-Cache"] == "MISS"
    assert front_cache.get("/projects/", coding="gzip")[1]["X-Cache"] == "HIT"
    assert front_cache.get("/projects/", coding="br;q=0, gzip")[1]["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in front_cache.get("/projects/", coding="identity")[1]


def test_static_files_feeds_and_the_sitemap_are_kept_too(front_cache):
    home = front_cache.get("/", coding="identity")[2].decode()
    stylesheet = home.split('rel="stylesheet" href="')[1].split('"')[0]
    for path in [stylesheet, "/articles/feed.atom", "/sitemap.xml"]:
        front_cache.get(path)
        assert front_cache.get(path)[1]["X-Cache"] == "HIT", path


def test_the_owners_pages_are_never_kept_nor_served_from_the_store(front_cache, django_user_model):
    owner = Client()
    owner.force_login(django_user_model.objects.create_superuser("owner", "o@example.com", None))
    session = f"{settings.SESSION_COOKIE_NAME}={owner.cookies[settings.SESSION_COOKIE_NAME].value}"
    draft = make_article(title="Not yet public", status="draft")
    front_cache.get("/articles/")  # kept for visitors
    for path in ["/articles/", draft.get_absolute_url()]:
        status, headers, _ = front_cache.get(path, Cookie=session)
        assert status == 200 and headers["X-Cache"] == "BYPASS", path
        assert "no-store" in headers["Cache-Control"]
    assert front_cache.get(draft.get_absolute_url())[0] == 404  # the preview was not kept
    admin = front_cache.get(f"/{settings.ADMIN_PATH}", Cookie=session)
    assert admin[0] == 200 and admin[1]["X-Cache"] == "BYPASS"


def visible_within(front_cache, path, shown, seconds=2.0):
    """How long after now `shown(status, body)` holds through the front cache, polled."""
    started = time.monotonic()
    while time.monotonic() - started < seconds + 1:
        status, _, body = front_cache.get(path, coding="identity")
        if shown(status, body.decode()):
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def test_an_edit_and_an_unpublish_are_visible_through_it_within_two_seconds(front_cache):
    project = make_project(name="The loom", slug="the-loom")
    for path in ["/projects/", "/projects/the-loom/"]:
        for _ in range(2):
            front_cache.get(path, coding="identity")
        assert front_cache.get(path, coding="identity")[1]["X-Cache"] == "HIT"
    project.name = "The Jacquard loom"
    project.save()
    took = visible_within(front_cache, "/projects/", lambda _, body: "The Jacquard loom" in body)
    assert took is not None and took <= 2.0
    project.is_published = False
    project.save()
    took = visible_within(front_cache, "/projects/the-loom/", lambda status, _: status == 404)
    assert took is not None and took <= 2.0


def test_a_page_whose_content_is_unchanged_is_renewed_by_a_304(front_cache):
    front_cache.get("/projects/")
    time.sleep(2.1)  # past s-maxage
    assert front_cache.get("/projects/")[1]["X-Cache"] == "REVALIDATED"
    assert front_cache.app_requests("/projects/")[-1].endswith(" 304")


def test_pages_kept_are_still_served_with_the_app_stopped(front_cache):
    for _ in range(2):
        assert front_cache.get("/articles/")[0] == 200
    front_cache.stop_app()
    time.sleep(2.1)  # past s-maxage
    status, headers, body = front_cache.get("/articles/")
    assert status == 200 and headers["X-Cache"] == "STALE" and body
    status, headers, body = front_cache.get("/projects/")  # never kept
    assert status == 502 and b"Back in a moment" in body
    assert headers["Cache-Control"] == "no-store"


def test_many_visitors_asking_at_once_make_one_request_to_the_app(front_cache):
    answers = []

    def visit():
        answers.append(front_cache.get("/cv/")[0])

    visitors = [threading.Thread(target=visit) for _ in range(20)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()
    assert answers == [200] * 20
    assert len(front_cache.app_requests("/cv/")) == 1


def test_a_contact_message_is_posted_through_it(front_cache):
    visitor = Browser()
    form_url = f"{front_cache.base}/contact/"
    message = {"name": "Ada", "email": "ada@example.com", "message": "Hello through nginx"}
    assert visitor.post(form_url, message)[0] == 302
    assert ContactMessage.objects.get().message == "Hello through nginx"
    # The form was made for this visitor and kept by no one.
    assert len(front_cache.app_requests("/contact/")) == 1
    front_cache.get("/contact/")
    assert len(front_cache.app_requests("/contact/")) == 2


def test_the_app_server_names_no_software(front_cache):
    """gunicorn's own Server header is removed (gunicorn.conf.py); only the test client, which
    never runs gunicorn, could not tell."""
    with urllib.request.urlopen(f"http://127.0.0.1:{front_cache.app_port}/healthz") as response:
        assert response.headers.get("Server") is None


def test_feed_readers_reporting_subscribers_reach_the_app_which_keeps_the_figure(front_cache):
    from stats.models import FeedSubscribersDay
    from tests.mailserver import run_worker

    front_cache.get("/articles/feed.atom")
    assert front_cache.get("/articles/feed.atom")[1]["X-Cache"] == "HIT"
    feedly = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 37 subscribers; )"
    status, headers, _ = front_cache.get("/articles/feed.atom", **{"User-Agent": feedly})
    assert status == 200 and headers["X-Cache"] == "BYPASS"
    deadline = time.monotonic() + 15
    while not FeedSubscribersDay.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)  # the app hands its counts to the worker every second here
        run_worker()
    assert list(FeedSubscribersDay.objects.values_list("feed", "reader", "subscribers")) == [
        ("/articles/feed.atom", "Feedly", 37)
    ]
