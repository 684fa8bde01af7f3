"""The page cache: served to anonymous visitors only, invalidated at once, each visitor's form
values their own, compressed once, and answered with 304 when nothing changed."""

import gzip
import re
from datetime import timedelta
from importlib import import_module
from unittest import mock

import brotli
import pytest
import time_machine
from django.conf import settings
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import Client
from django.urls import path
from django.utils import timezone

from articles.models import Article
from contact.models import ContactMessage
from core.cache import VERSION_KEY
from core.pagecache import CachedPage, _same_for_everyone, cached_page
from testimonials.models import Testimonial
from tests.factories import make_article, make_testimonial
from tests.helpers import page_text, run_on_test_database
from tests.mailserver import filled_in, run_worker

pytestmark = pytest.mark.django_db


def from_cache(response):
    # A page served from the cache was not rendered by this request.
    return response.context is None


def hidden_value(body, name):
    return re.search(rf'name="{name}" value="([^"]*)"', body).group(1)


def test_a_second_visitor_gets_the_page_from_the_cache(client):
    assert not from_cache(client.get("/articles/"))
    assert from_cache(Client().get("/articles/"))


def test_an_edit_shows_at_once(client):
    article = make_article(title="First title")
    client.get("/articles/")
    article.title = "Second title"
    article.save()
    assert "Second title" in page_text(client.get("/articles/"))


def test_the_owner_signed_in_is_never_served_nor_stored(client, staff_client):
    draft = make_article(title="Not yet", status=Article.Status.DRAFT)
    assert client.get("/").status_code == 200
    response = staff_client.get("/")
    assert not from_cache(response)
    assert staff_client.get(draft.get_absolute_url()).status_code == 200  # the preview
    assert client.get(draft.get_absolute_url()).status_code == 404  # never shown to others


def test_only_a_page_that_is_the_same_for_everyone_is_stored(rf):
    def request():
        request = rf.get("/")
        request.session = import_module(settings.SESSION_ENGINE).SessionStore()
        request._messages = FallbackStorage(request)
        return request

    assert _same_for_everyone(request(), HttpResponse("page"))
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("chosen", "1")
    assert not _same_for_everyone(request(), with_cookie)
    assert not _same_for_everyone(request(), HttpResponse("gone", status=404))
    sessioned = request()
    sessioned.session["seen"] = True
    assert not _same_for_everyone(sessioned, HttpResponse("page"))
    messaged = request()
    messaged._messages.add(20, "Saved.")
    assert not _same_for_everyone(messaged, HttpResponse("page"))


def test_a_form_with_errors_is_never_cached(client):
    client.post("/contact/", filled_in(email="not-an-address"))
    assert "doesn't look right" not in page_text(Client().get("/contact/"))


def test_two_visitors_of_a_cached_form_page_each_get_their_own_values_and_both_messages_arrive(
    mailbox, django_capture_on_commit_callbacks, settings
):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get("/contact/")
    second_page = second.get("/contact/")
    assert from_cache(second_page)
    values = {}
    for client, page in [(first, first_page), (second, second_page)]:
        body = page.content.decode()
        values[client] = {name: hidden_value(body, name) for name in ["csrfmiddlewaretoken", "key"]}
        assert settings.CSRF_COOKIE_NAME in page.cookies
    assert values[first]["key"] != values[second]["key"]
    assert values[first]["csrfmiddlewaretoken"] != values[second]["csrfmiddlewaretoken"]
    for number, client in enumerate([first, second]):
        body = (first_page if client is first else second_page).content.decode()
        data = filled_in(
            email=f"visitor{number}@example.com", shown_at=hidden_value(body, "shown_at")
        )
        data |= values[client]
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/contact/", data).status_code == 302
    run_worker()
    assert sorted(message.email for message in ContactMessage.objects.all()) == [
        "visitor0@example.com",
        "visitor1@example.com",
    ]
    assert len(mailbox.messages) == 2


def test_a_repeat_request_with_the_etag_gets_304(client):
    for url in ["/", "/articles/", "/contact/", "/articles/feed.atom", "/sitemap.xml"]:
        etag = client.get(url)["ETag"]
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304, url
        assert response["ETag"] == etag


def test_pages_are_compressed_once_with_gzip_and_brotli(client):
    plain = client.get("/articles/").content
    gzipped = client.get("/articles/", HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == plain
    brotlied = client.get("/articles/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert brotlied["Content-Encoding"] == "br"
    assert brotli.decompress(brotlied.content) == plain
    assert "Accept-Encoding" in brotlied["Vary"]
    assert int(brotlied["Content-Length"]) == len(brotlied.content) < len(plain) / 3


def test_a_form_page_is_gzipped_with_the_visitors_own_values(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="br, gzip")
    assert response["Content-Encoding"] == "gzip"  # put together from parts compressed once
    body = gzip.decompress(response.content).decode()
    # The visitor's secret, the cookie's value: it is sent in an uncompressed block.
    token = hidden_value(body, "csrfmiddlewaretoken")
    assert token == response.cookies[settings.CSRF_COOKIE_NAME].value
    assert body.rstrip().endswith("</html>")
    assert response["Cache-Control"].startswith("private")  # never kept by a shared cache


def test_a_returning_visitor_gets_the_secret_of_its_cookie_and_no_new_cookie():
    visitor = Client()
    secret = visitor.get("/").cookies[settings.CSRF_COOKIE_NAME].value
    again = visitor.get("/")
    assert from_cache(again)
    assert hidden_value(again.content.decode(), "csrfmiddlewaretoken") == secret
    assert settings.CSRF_COOKIE_NAME not in again.cookies


def test_head_is_answered_from_the_cache_like_get(client):
    get = client.get("/articles/")
    head = client.head("/articles/")
    assert from_cache(head)
    for header in ["Content-Type", "Content-Length", "ETag", "Cache-Control"]:
        assert head[header] == get[header]


def test_query_parameters_the_page_does_not_read_share_its_cache(client):
    client.get("/articles/")
    assert from_cache(client.get("/articles/?utm_source=newsletter"))


def test_a_scheduled_article_appears_at_its_time_with_the_cache_on(client):
    due = timezone.now() + timedelta(hours=1)
    make_article(title="Appears on schedule", published_at=due)
    assert "Appears on schedule" not in page_text(client.get("/articles/"))
    assert from_cache(client.get("/articles/"))
    with time_machine.travel(due + timedelta(seconds=1)):
        assert "Appears on schedule" in page_text(client.get("/articles/"))


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_article_appears_at_its_time_through_redis_and_is_then_cached(
    client, redis_cache
):
    due = timezone.now() + timedelta(hours=1)
    make_article(title="Appears on schedule", published_at=due)
    for _ in range(3):  # stored, then served from the process's copy of the version
        assert "Appears on schedule" not in page_text(client.get("/articles/"))
    with time_machine.travel(due + timedelta(seconds=1)):
        assert "Appears on schedule" in page_text(client.get("/articles/"))
        # The version that fell due is started once, and the new page is cached at once.
        assert from_cache(client.get("/articles/"))


def test_the_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE = False
    client.get("/articles/")
    assert not from_cache(client.get("/articles/"))


def test_a_stored_page_keeps_no_cookie():
    response = HttpResponse("<p>page</p>")
    response["X-Kept"] = "yes"
    response.set_cookie("visitor", "1")
    for page in CachedPage.representations(response).values():
        assert dict(page.headers).get("X-Kept") == "yes"
        assert "Set-Cookie" not in dict(page.headers)


@pytest.mark.django_db(transaction=True)
def test_an_edit_in_another_process_shows_here_at_once_through_redis(client, redis_cache):
    url = redis_cache
    testimonial = make_testimonial(author="Ada Lovelace")
    assert "Ada Lovelace" in page_text(client.get("/"))
    assert from_cache(client.get("/"))
    script = (
        "import django; django.setup(); from testimonials.models import Testimonial; "
        f"t = Testimonial.objects.get(pk={testimonial.pk}); "
        "t.author = 'Augusta Ada King'; t.save()"
    )
    run_on_test_database(script, CACHE_URL=url)
    assert "Augusta Ada King" in page_text(client.get("/"))


@pytest.mark.django_db(transaction=True)
def test_a_page_served_from_the_cache_asks_nothing_of_redis(client, redis_cache):
    from django_redis import get_redis_connection

    client.get("/articles/")  # stored, while the process subscribes to the announcements
    client.get("/articles/")  # the subscription is confirmed; the version is read once more
    redis = get_redis_connection("default")
    with mock.patch.object(redis, "execute_command", wraps=redis.execute_command) as commands:
        for _ in range(3):
            assert from_cache(client.get("/articles/"))
    assert commands.call_count == 0


@pytest.mark.django_db(transaction=True)
def test_an_edit_made_while_the_announcements_were_cut_off_still_shows(client, redis_cache):
    from django_redis import get_redis_connection

    testimonial = make_testimonial(author="Ada Lovelace")
    assert from_cache(client.get("/")) is False
    assert from_cache(client.get("/"))
    redis = get_redis_connection("default")
    redis.client_kill_filter(_type="pubsub")  # every subscriber loses its connection
    # The change is made behind the process's back: no announcement reaches it.
    Testimonial.objects.filter(pk=testimonial.pk).update(author="Augusta Ada King")
    cache_key = caches["default"].make_key(VERSION_KEY)
    redis.delete(cache_key)
    assert "Augusta Ada King" in page_text(client.get("/"))


def test_a_page_cached_over_https_is_stored_with_its_security_headers_and_never_served_over_http(
    client, settings
):
    settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS = True, 3600
    rendered = client.get("/articles/", secure=True)
    served = Client().get("/articles/", secure=True)
    assert from_cache(served) and not from_cache(rendered)
    for header in ["Strict-Transport-Security", "Content-Security-Policy", "Referrer-Policy"]:
        assert served[header] == rendered[header], header
    plain = Client().get("/articles/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/articles/"


def test_a_hit_is_answered_above_the_security_and_csp_middleware(client):
    client.get("/articles/")
    passed = mock.patch(
        "csp.middleware.CSPMiddleware.process_response",
        autospec=True,
        side_effect=lambda middleware, request, response: response,
    )
    with passed as csp:
        assert from_cache(Client().get("/articles/"))
    assert not csp.called


def test_a_page_stored_under_other_security_settings_is_not_served(client, settings):
    client.get("/articles/", secure=True)
    assert from_cache(Client().get("/articles/", secure=True))
    settings.SECURE_HSTS_SECONDS = 60  # as after a restart with another environment
    response = Client().get("/articles/", secure=True)
    assert not from_cache(response)
    assert response["Strict-Transport-Security"].startswith("max-age=60")


def test_turning_the_https_redirect_on_redirects_a_page_stored_over_http(client, settings):
    settings.SECURE_SSL_REDIRECT = False
    client.get("/articles/")
    assert from_cache(Client().get("/articles/"))
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/articles/").status_code == 301


def test_a_304_from_the_cache_carries_the_pages_headers_but_its_content_type(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    etag = client.get("/articles/", secure=True)["ETag"]
    response = Client().get("/articles/", secure=True, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Strict-Transport-Security"].startswith("max-age=3600")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "Content-Type" not in response


@pytest.mark.parametrize("accepted", ["br", "br, gzip;q=0"])
def test_a_client_taking_brotli_and_not_gzip_is_never_sent_a_form_page_in_gzip(accepted):
    # A form page has no Brotli copy: it is given uncompressed, and Brotli'd for the request.
    for _ in range(2):  # rendered, then from the cache
        response = Client().get("/", HTTP_ACCEPT_ENCODING=accepted)
        assert response["Content-Encoding"] == "br"
        assert brotli.decompress(response.content).rstrip().endswith(b"</html>")


def test_a_feed_reader_sending_if_modified_since_gets_304_from_the_cache(client):
    client.get("/articles/feed.atom")
    stored = client.get("/articles/feed.atom")
    assert from_cache(stored)
    response = client.get("/articles/feed.atom", HTTP_IF_MODIFIED_SINCE=stored["Last-Modified"])
    assert response.status_code == 304


def _template_page(markup, query=()):
    @cached_page(query=query)
    def view(request):
        return HttpResponse(Template(markup).render(RequestContext(request)))

    return view


# Pages that would give away one visitor's CSRF token if they were stored (tests below).
urlpatterns = [
    path("token-in-a-meta-tag/", _template_page('<meta name="csrf" content="{{ csrf_token }}">')),
    path(
        "token-in-a-form-and-a-meta-tag/",
        _template_page(
            '<meta name="csrf" content="{{ csrf_token }}"><form method="post">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}"></form>'
        ),
    ),
    path("a-cached-page/", _template_page("<p>The same for every visitor.</p>")),
    path(
        "a-form-beside-a-query/",
        _template_page(
            '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" '
            'value="{{ csrf_token }}"></form><p>{{ request.GET.q }}</p>',
            query=["q"],
        ),
    ),
]


def test_a_path_is_cached_by_the_view_the_urlconf_in_use_gives_it(client, settings):
    assert client.get("/a-cached-page/").status_code == 404  # not a page of the site's
    settings.ROOT_URLCONF = __name__
    assert not from_cache(client.get("/a-cached-page/"))
    assert from_cache(Client().get("/a-cached-page/"))


@pytest.mark.urls(__name__)
def test_a_form_page_that_reads_the_query_is_never_stored():
    # Its token would be sent unmasked beside what an attacker put in the address.
    for _ in range(2):
        response = Client().get("/a-form-beside-a-query/?q=guess", HTTP_HOST="testserver")
        assert not from_cache(response)
        assert len(hidden_value(response.content.decode(), "csrfmiddlewaretoken")) == 64


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/token-in-a-meta-tag/", "/token-in-a-form-and-a-meta-tag/"])
def test_a_page_showing_the_csrf_token_outside_its_form_field_is_never_stored(url):
    tokens = []
    for _ in range(2):
        body = Client().get(url, HTTP_HOST="testserver").content.decode()
        tokens.append(re.search(r'<meta name="csrf" content="([^"]+)"', body).group(1))
    assert tokens[0] != tokens[1]
