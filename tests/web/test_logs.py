"""Production logs: one JSON object per line, a line per request with its id, errors with
their traceback in the same object, and nothing secret."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.helpers import database_url

# The site in the other process writes (sign-in attempts): the data it reads must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = """
import django; django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for path, headers in [
    ("/articles/", {}),
    ("/healthz", {}),
    ("/articles/", {"HTTP_X_REQUEST_ID": "from-the-proxy-42"}),
    ("/desk/login/", {"REQUEST_METHOD": "POST"}),
    ("/articles/?page=1&q=secret-query",
     {"HTTP_COOKIE": "sessionid=secret-sid; csrftoken=secret-csrf"}),
]:
    if headers.pop("REQUEST_METHOD", None):
        response = client.post(path, {"username": "owner", "password": "hunter2-secret"})
    else:
        response = client.get(path, **headers)
    print("HEADER", response.get("X-Request-ID"), file=sys.stderr)
"""


def run_in_production(**environ):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "CONTACT_RECIPIENTS": "owner@example.com",
        "SITE_URL": "https://portfolio.example",
        "ADMIN_PATH": "desk/",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "CACHE_URL": "locmemcache://",
        "DATABASE_URL": database_url(),
        **environ,
    }
    result = subprocess.run(
        [sys.executable, "-c", "import sys\n" + SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def test_each_request_is_one_json_line_with_its_id():
    records, stderr = run_in_production()
    requests = [record for record in records if record["logger"] == "portfolio.request"]
    errors = [r.get("exc_info", "")[-300:] for r in records if r["level"] == "ERROR"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("GET", "/articles/", 200),
        ("GET", "/articles/", 200),
        ("POST", "/desk/login/", 200),
        ("GET", "/articles/", 200),
    ], errors  # the health check is not logged
    for record in requests:
        assert {"time", "level", "logger", "message", "duration_ms", "bytes", "request_id"} <= set(
            record
        )
        assert record["bytes"] > 0 and record["duration_ms"] >= 0
    # Each id is returned in the response; one the client sends is not trusted without a proxy.
    returned = [line.split()[1] for line in stderr.splitlines() if line.startswith("HEADER")]
    assert [r["request_id"] for r in requests] == [returned[0], *returned[2:]]
    assert "from-the-proxy-42" not in returned


def test_behind_a_trusted_proxy_its_request_id_is_kept():
    records, _ = run_in_production(TRUSTED_PROXY_COUNT="1")
    ids = [r["request_id"] for r in records if r["logger"] == "portfolio.request"]
    assert ids[1] == "from-the-proxy-42"


def test_no_password_cookie_or_query_reaches_the_log():
    records, _ = run_in_production()
    text = json.dumps(records)
    assert "hunter2-secret" not in text
    for secret in ["secret-query", "secret-sid", "secret-csrf", "csrftoken", "sessionid"]:
        assert secret not in text, secret


def test_an_error_is_one_json_object_with_its_traceback():
    records, _ = run_in_production(DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere")
    errors = [record for record in records if record["level"] == "ERROR"]
    assert errors, records
    error = errors[0]
    assert error["logger"] == "django.request"
    assert "Traceback" in error["exc_info"] and "OperationalError" in error["exc_info"]
    assert error["request_id"]
    # The 500 page itself rendered without the database.
    assert next(r["status"] for r in records if r["logger"] == "portfolio.request") == 500
