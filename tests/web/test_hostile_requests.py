"""Hostile and broken requests get a clear 4xx, never a 500, and no stack trace in the logs."""

import logging

import pytest

from tests.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/static/../../etc/passwd", 404),
        ("get", "/articles/..%2f..%2fetc%2fpasswd/", 404),
        ("get", "/articles/%ff%fe/", 404),
        ("get", "/articles/a%00b/", 404),
        ("get", "/articles/?page=%00", 404),
        ("get", "/search/?" + "q=x&" * 1500, 400),  # more fields than Django reads
        ("post", "/articles/", 405),
        ("delete", "/", 405),
        ("put", "/contact/", 405),
        ("post", "/articles/feed.atom", 405),
        ("post", "/sitemap.xml", 405),
    ],
)
def test_bad_requests_get_a_4xx(client, method, path, status):
    assert getattr(client, method)(path).status_code == status


def test_an_unknown_method_is_refused(client):
    assert client.generic("BREW", "/").status_code == 405


def test_nul_bytes_and_broken_encoding_in_a_search_are_a_form_error(client):
    for query in ["a%00b", "%ff%fe"]:
        response = client.get(f"/search/?q={query}")
        assert response.status_code == 200
        assert not response.context["form"].is_valid(), query
        assert 'role="alert"' in response.text, query


def test_a_malformed_body_gets_the_400_page(client):
    response = client.generic(
        "POST", "/contact/", b"--x\r\nbroken", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert "This request could not be read" in page_text(response)


def test_an_oversized_body_gets_a_400(client):
    body = b"message=" + b"x" * 3_000_000
    response = client.generic(
        "POST", "/contact/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_a_host_the_site_does_not_serve_is_a_400_logged_once_without_a_traceback(client, caplog):
    client.get("/")  # the page is in the cache: it is refused all the same
    with caplog.at_level(logging.WARNING, logger="django.security.DisallowedHost"):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.levelname == "WARNING"
    assert record.exc_info is None


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "This request could not be read"),
        ("403.html", "This is not open to you"),
        ("404.html", "Page not found"),
        ("429.html", "Too many requests"),
    ],
)
def test_error_pages_are_in_the_site_design(client, template, heading, rf):
    from django.shortcuts import render

    response = render(rf.get("/"), template)
    text = page_text(response)
    assert heading in text
    assert "Skip to content" in text  # the site's own layout
    assert "Traceback" not in text and "settings" not in text.lower()
