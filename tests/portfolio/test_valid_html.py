"""Every page type passes the Nu HTML Checker (vnu-jar, run with Java) with no error."""

import json
import shutil
import subprocess

import pytest
from django.conf import settings

from tests.helpers import missing, page_types

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        missing(
            "Java and vnu-jar for the HTML check (apt-get install default-jre-headless; "
            "bin/setup checks)"
        )

    def check(paths):
        """The checker's errors for each file, by file name."""
        finished = subprocess.run(
            [java, "-jar", VNU_JAR, "--errors-only", "--format", "json", "--stdout", *paths],
            capture_output=True,
            text=True,
            timeout=120,
        )
        errors = {}
        for message in json.loads(finished.stdout)["messages"]:
            name = message["url"].rsplit("/", 1)[-1]
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
            )
        return errors

    return check


@pytest.mark.django_db
def test_every_page_type_is_valid_html(client, content, vnu, tmp_path, settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    pages = {name: client.get(path) for name, path in page_types().items()}
    pages["contact with errors"] = client.post("/contact/", {"name": "", "email": "not-an-address"})
    files = []
    for name, response in pages.items():
        assert response.status_code == (404 if name == "not found" else 200), name
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files.append(path)
    assert b"error-summary" in pages["contact with errors"].content
    # A page known to be invalid, checked with the others, shows the checker is really reading.
    broken = tmp_path / "known-invalid.html"
    broken.write_text('<!doctype html><html lang="en"><title>x</title><img src="/x.png">')
    errors = vnu([*files, broken])
    assert list(errors) == ["known-invalid.html"], errors
