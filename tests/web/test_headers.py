"""Security headers on every response: pages, feeds, static files, errors."""

import pytest

pytestmark = pytest.mark.django_db

URLS = ["/", "/articles/", "/articles/feed.atom", "/no-such-page/", "/favicon.ico"]


@pytest.mark.parametrize("visit", ["first", "again, from the app's page cache"])
@pytest.mark.parametrize("url", URLS)
def test_every_response_carries_the_security_headers(client, url, visit):
    response = client.get(url)
    if visit != "first":
        response = client.get(url)
    assert "default-src 'none'" in response["Content-Security-Policy"]
    if response["Content-Type"].startswith("text/html"):
        assert response["X-Frame-Options"] == "DENY"
    policy = dict(part.split("=") for part in response["Permissions-Policy"].split(", "))
    assert {"camera", "geolocation", "microphone", "payment", "usb"} <= set(policy)
    # Every feature refused, but passkeys for the site's own pages (the admin's sign-in).
    passkeys = {"publickey-credentials-get", "publickey-credentials-create"}
    assert {policy.pop(feature) for feature in passkeys} == {"(self)"}
    assert set(policy.values()) == {"()"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Server" not in response and "X-Powered-By" not in response


def test_static_files_carry_them_too(client):
    body = client.get("/").content.decode()
    stylesheet = body.split('rel="stylesheet" href="')[1].split('"')[0]
    response = client.get(stylesheet)
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "immutable" in response["Cache-Control"]
