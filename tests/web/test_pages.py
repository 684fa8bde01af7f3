"""Site-wide behaviour of pages: error pages, static files, HEAD, CSP, conditional GET."""

import pytest

from tests.helpers import page_text, through_wsgi

pytestmark = pytest.mark.django_db


def test_unknown_page_gets_the_custom_404(client, content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)
    assert "Articles" in page_text(response)


def test_server_error_page_renders_without_a_database(client, django_db_blocker):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    with django_db_blocker.block():
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_pages_work_before_any_content_is_loaded(client, empty_database):
    for url in ["/", "/projects/", "/articles/", "/contact/"]:
        assert client.get(url).status_code == 200


def test_static_files_are_fingerprinted(client, content):
    body = client.get("/").content.decode()
    assert "/static/css/site." in body
    assert "/static/css/site.css" not in body  # the hashed name, e.g. site.3f2a….css


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/projects/",
        "/projects/apiengine/",
        "/articles/",
        "/articles/the-cryptic-ledger/",
        "/articles/category/system-design/",
        "/articles/tag/java/",
        "/articles/feed.atom",
        "/articles/feed.rss",
        "/articles/feed.json",
        "/search/?q=redis",
        "/contact/",
        "/contact/thanks/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_public_addresses_answer_head_requests_as_they_answer_get(client, content, url):
    # The test client empties a HEAD response's body itself, so compare the headers with GET's.
    head, get = client.head(url), client.get(url)
    assert head.status_code == get.status_code == 200
    for header in ["Content-Type", "Content-Security-Policy", "X-Frame-Options", "Vary"]:
        assert head.headers.get(header) == get.headers.get(header), header


@pytest.mark.parametrize(
    ("path", "query"), [("/", ""), ("/articles/", ""), ("/search/", "q=ledger"), ("/nope/", "")]
)
def test_a_head_request_gets_the_length_of_get_and_no_body(content, path, query):
    for _ in range(2):  # rendered, then from the app's page cache
        status, headers, body = through_wsgi("HEAD", path, query)
        assert body == b""
        get_status, get_headers, get_body = through_wsgi("GET", path, query)
        assert status == get_status
        assert headers["Content-Encoding"] == get_headers["Content-Encoding"]
        assert int(headers["Content-Length"]) == len(get_body)


def test_a_head_request_answered_304_from_the_cache_gives_no_length(content):
    _, headers, _ = through_wsgi("GET", "/articles/")
    status, headers, body = through_wsgi("HEAD", "/articles/", HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status.startswith("304") and body == b""
    assert "Content-Length" not in headers


def test_pages_allow_only_the_sites_own_scripts_and_nothing_of_other_hosts(client, content):
    policy = client.get("/articles/the-cryptic-ledger/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # the reading beacon; no inline script
    assert directives["frame-ancestors"] == "'none'"


def test_unchanged_pages_and_feeds_answer_304(client, content):
    for url in ["/articles/the-cryptic-ledger/", "/articles/feed.atom", "/sitemap.xml"]:
        etag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_code_colours_load_only_on_pages_with_code(client):
    from tests.factories import make_article

    with_code = make_article(body="```python\nprint('hi')\n```\n")
    without = make_article(body="Just prose.\n")
    assert "css/pygments." in client.get(with_code.get_absolute_url()).content.decode()
    for url in ["/", "/articles/", without.get_absolute_url()]:
        body = client.get(url).content.decode()
        assert "css/pygments." not in body, url
        assert body.count('rel="stylesheet"') == 1, url
