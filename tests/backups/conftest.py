import os
import subprocess
import sys
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection

from tests.helpers import SITE, database_url


@pytest.fixture
def backup_dir(settings, tmp_path):
    """Backups go to a folder of the test's own."""
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


@pytest.fixture
def scratch_database(tmp_path):
    with scratch_database_in(tmp_path) as url:
        yield url


@contextmanager
def scratch_database_in(folder):
    """An empty database beside the test database, of the same kind, as a URL for another
    process: a new file in `folder` on SQLite, a database made with createdb on PostgreSQL
    (dropped after)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{folder / 'scratch.sqlite3'}"
        return
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    postgres_command("createdb", name)
    try:
        yield f"{database_url().rsplit('/', 1)[0]}/{name}"
    finally:
        postgres_command("dropdb", "--force", name)


def postgres_command(command, *args):
    database = connection.settings_dict
    options = ["--host", database["HOST"], "--port", str(database["PORT"])]
    options += ["--username", database["USER"]]
    env = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    subprocess.run([command, *options, *args], env=env, check=True, capture_output=True)


def site_environment(database, media_root, **environ):
    """The environment of another process of the site, on `database` and `media_root`: the
    development settings the suite runs with, quiet logs, and a cache of its own."""
    return {
        **os.environ,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(media_root),
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "CACHE_URL": "locmemcache://",
        "SITE_URL": SITE,
        **environ,
    }


def manage(*args, database, media_root, **environ):
    """Run `manage.py *args` in another process of the site; the finished process."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=site_environment(database, media_root, **environ),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def files_in(folder):
    """Every file under `folder`, by its path inside it: its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
