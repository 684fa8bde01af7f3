"""`manage.py backup`: one archive of the database and the uploaded files, made when due, kept
for BACKUP_KEEP_DAYS, listed, and encrypted with BACKUP_PASSPHRASE."""

import gzip
import hashlib
import io
import json
import tarfile
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from backups.archive import opened_backup
from backups.errors import BackupError
from tests.backups.conftest import files_in
from tests.factories import make_image

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 20, 2, 0, tzinfo=UTC)


def backup(*args):
    """What `manage.py backup *args` says."""
    said = io.StringIO()
    call_command("backup", *args, stdout=said)
    return said.getvalue()


def backup_at(when, *args):
    with time_machine.travel(when, tick=False):
        return backup(*args)


def kept(backup_dir):
    return sorted(path.name for path in backup_dir.iterdir())


def test_a_backup_is_one_archive_the_manifest_first_then_the_dump_and_every_uploaded_file(
    backup_dir, media_root
):
    image = make_image()

    said = backup()

    (archive,) = backup_dir.iterdir()
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        members = {name: tar.extractfile(name).read() for name in names}
    manifest = json.loads(members.pop("manifest.json"))
    assert names[0] == "manifest.json"
    assert manifest["project"] == "portfolio"
    assert manifest["database"] == connection.vendor
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrations"] == sorted(f"{app}.{name}" for app, name in applied)
    uploaded = {
        name.removeprefix("media/"): data
        for name, data in members.items()
        if name.startswith("media/")
    }
    assert uploaded == files_in(media_root)
    assert image.file.name in uploaded
    assert set(members) - {f"media/{name}" for name in uploaded} == {
        {"sqlite": "database.sqlite3", "postgresql": "database.sql"}[connection.vendor]
    }
    assert manifest["files"] == {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in members.items()
    }
    assert said.startswith(
        f"Backed up the database and {len(uploaded)} uploaded files to {archive.name} ("
    )


def test_the_clock_makes_a_backup_when_the_newest_is_backup_every_hours_old(backup_dir, settings):
    settings.BACKUP_EVERY_HOURS = 24
    for hours in [0, 0.2, 23.9, 24, 30, 47.9, 48.1]:
        backup_at(NOW + timedelta(hours=hours), "--if-due")

    assert kept(backup_dir) == [
        "backup-2025-03-20T020000Z.tar.gz",
        "backup-2025-03-21T020000Z.tar.gz",
        "backup-2025-03-22T020600Z.tar.gz",
    ]


def test_the_clock_says_nothing_when_no_backup_is_due(backup_dir):
    backup_at(NOW, "--if-due")

    assert backup_at(NOW + timedelta(hours=1), "--if-due") == ""


def test_backups_older_than_backup_keep_days_are_deleted_once_a_new_one_is_made(
    backup_dir, settings
):
    settings.BACKUP_KEEP_DAYS = 14
    for days_ago in [20, 16, 13]:
        backup_at(NOW - timedelta(days=days_ago))
    (backup_dir / "notes.txt").write_text("Not a backup: left alone.")

    said = backup_at(NOW)

    assert kept(backup_dir) == [
        "backup-2025-03-07T020000Z.tar.gz",
        "backup-2025-03-20T020000Z.tar.gz",
        "notes.txt",
    ]
    assert "Deleted 2 backups older than 14 days." in said


def test_the_backup_just_made_is_kept_whatever_backup_keep_days_says(backup_dir, settings):
    settings.BACKUP_KEEP_DAYS = 0
    backup_at(NOW - timedelta(days=1))

    backup_at(NOW)

    assert kept(backup_dir) == ["backup-2025-03-20T020000Z.tar.gz"]


def test_a_backup_that_fails_says_why_and_deletes_no_older_backup(backup_dir, settings, tmp_path):
    settings.BACKUP_KEEP_DAYS = 14
    backup_at(NOW - timedelta(days=30))
    # An uploaded file that cannot be read: a link to nothing.
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "gone.png").symlink_to(tmp_path / "nowhere.png")

    with pytest.raises(CommandError, match=r"The uploaded file images/gone\.png could not be"):
        backup_at(NOW)

    assert kept(backup_dir) == ["backup-2025-02-18T020000Z.tar.gz"]


def test_the_list_shows_the_backups_kept_newest_first(backup_dir):
    backup_at(NOW - timedelta(days=1))
    backup_at(NOW)

    lines = backup("--list").splitlines()

    assert [line.split()[:3] for line in lines] == [
        ["backup-2025-03-20T020000Z.tar.gz", "2025-03-20", "02:00"],
        ["backup-2025-03-19T020000Z.tar.gz", "2025-03-19", "02:00"],
    ]
    assert all(line.endswith(" MB") for line in lines)


def test_the_list_says_when_there_is_no_backup(backup_dir):
    assert backup("--list") == "No backups yet.\n"


def test_an_encrypted_backup_is_read_only_with_its_passphrase(backup_dir, settings):
    settings.BACKUP_PASSPHRASE = "correct horse battery staple"
    said = backup_at(NOW)

    (archive,) = backup_dir.iterdir()
    assert archive.name == "backup-2025-03-20T020000Z.tar.gz.enc"
    assert "encrypted" in said and "not encrypted" not in said
    with pytest.raises(gzip.BadGzipFile):
        gzip.decompress(archive.read_bytes())
    # A stored backup is named as `backup --list` names it.
    with opened_backup(archive.name) as opened:
        assert opened.manifest["project"] == "portfolio"
    settings.BACKUP_PASSPHRASE = "another passphrase"
    with (
        pytest.raises(BackupError, match="cannot be decrypted with BACKUP_PASSPHRASE"),
        opened_backup(archive.name),
    ):
        pass
