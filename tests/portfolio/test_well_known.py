"""Files that browsers, crawlers and security researchers look for at known addresses."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.helpers import SITE

pytestmark = pytest.mark.django_db


def test_security_txt_follows_rfc_9116(client):
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=UTC), tick=False):
        response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == f"{SITE}/contact/"
    assert fields["Canonical"] == f"{SITE}/.well-known/security.txt"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    # Made at each request, so it is always in the future, and less than a year away.
    assert timedelta(days=30) < expires - datetime(2027, 3, 1, 12, tzinfo=UTC) < timedelta(days=365)


def test_the_favicon_is_served_at_the_root_and_linked_from_every_page(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    head = client.get("/").content.decode().split("</head>")[0]
    assert 'href="/favicon.ico"' in head
    assert re.search(r'rel="icon" href="/static/img/favicon\.[0-9a-f]+\.svg"', head)


def test_the_web_app_manifest_names_the_site_and_its_icons(client):
    head = client.get("/").content.decode().split("</head>")[0]
    assert '<link rel="manifest" href="/manifest.webmanifest">' in head
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"].startswith("Kunal")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_csp_lets_the_page_load_its_manifest(client):
    assert "manifest-src 'self'" in client.get("/")["Content-Security-Policy"]


def test_humans_txt(client):
    response = client.get("/humans.txt")
    assert response.status_code == 200
    assert b"Django" in b"".join(response.streaming_content)


def test_the_vcard_names_the_owner_without_an_email_they_did_not_publish(client):
    response = client.get("/contact.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    body = response.content.decode()
    assert body.endswith("\r\n")
    lines = body.split("\r\n")
    assert lines[:3] == ["BEGIN:VCARD", "VERSION:4.0", "FN:Kunal"]
    assert "TITLE:Backend developer and technical writer" in lines
    assert f"URL:{SITE}/" in lines
    assert f"NOTE:Contact form: {SITE}/contact/" in lines
    assert not any(line.startswith("EMAIL") for line in lines)


def test_the_vcard_escapes_text_and_shows_an_email_once_set(client):
    from owner.models import Profile

    Profile.objects.update(role="Engineer, writer; speaker", email="owner@example.com")
    lines = client.get("/contact.vcf").content.decode().split("\r\n")
    assert "TITLE:Engineer\\, writer\\; speaker" in lines
    assert "EMAIL:owner@example.com" in lines


def test_the_contact_page_links_to_the_vcard(client):
    assert 'href="/contact.vcf"' in client.get("/contact/").content.decode()
