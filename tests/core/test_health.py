"""The health check that load balancers call."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_health_check_says_when_the_database_is_down():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client().get('/healthz'); print(response.status_code, response.json())"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "DEBUG": "true",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",  # nothing listens on port 9
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503 {'status': 'unavailable', 'database': 'down'}"


def test_health_check_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
