"""Project-wide checks: settings from the environment, migrations."""

import os
import secrets
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.helpers import run_python

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portfolio.example",
    "CONTACT_RECIPIENTS": "owner@portfolio.example",
    "SITE_URL": "https://portfolio.example",
    "ADMIN_PATH": "owner-desk/",
}


def start_environment():
    # LOG_LEVEL: request log lines would mix with what the scripts print.
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "LOG_LEVEL": "WARNING",
    }


def start_django(**environ):
    """Start a fresh interpreter with only the given settings in its environment."""
    env = {**start_environment(), **environ}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_start():
    result = start_django(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "CONTACT_RECIPIENTS", "ADMIN_PATH", "SITE_URL"]
)
def test_production_refuses_to_start_without_a_required_setting(missing):
    environ = {**PRODUCTION, missing: ""}
    result = start_django(**environ)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_production_names_every_missing_setting_at_once():
    result = start_django(DEBUG="false")
    assert result.returncode != 0
    assert (
        "SECRET_KEY, ALLOWED_HOSTS, CONTACT_RECIPIENTS, ADMIN_PATH, SITE_URL must be set when "
        "DEBUG is off" in result.stderr
    )


def test_uploads_go_to_a_bucket_when_the_environment_names_one():
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "storage = settings.STORAGES['default']; options = storage.get('OPTIONS', {}); "
        "print(storage['BACKEND'], options.get('bucket_name'), options.get('endpoint_url'))"
    )
    env = {**start_environment(), **PRODUCTION}
    assert run_python(script, env).split()[0] == "django.core.files.storage.FileSystemStorage"
    bucket = {"MEDIA_BUCKET": "portfolio-media", "MEDIA_ENDPOINT_URL": "https://s3.example"}
    assert run_python(script, env | bucket).split() == [
        "storages.backends.s3.S3Storage",
        "portfolio-media",
        "https://s3.example",
    ]


def test_development_starts_with_nothing_set():
    result = start_django(DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_deploy_checks_pass_with_production_settings():
    env = {"PATH": os.environ["PATH"], **PRODUCTION}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.django_db
def test_a_web_worker_that_only_serves_pages_never_loads_the_markdown_libraries():
    from tests.helpers import database_url

    script = (
        "import sys, django; django.setup(); from django.test import Client; "
        "from django.core.wsgi import get_wsgi_application; get_wsgi_application(); "
        "import portfolio.urls; client = Client(); "
        "codes = [client.get(url).status_code for url in ['/', '/articles/', '/projects/']]; "
        "print(codes, sorted(m for m in ['markdown', 'pygments', 'nh3'] if m in sys.modules))"
    )
    env = {
        **start_environment(),
        **PRODUCTION,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(),
        "CACHE_URL": "locmemcache://",
        "STATIC_ROOT": str(settings.STATIC_ROOT),  # collected for this test session
    }
    assert run_python(script, env).strip() == "[200, 200, 200] []"
