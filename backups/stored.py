"""The backups kept in BACKUP_DIR, or under BACKUP_BUCKET_PREFIX in the media bucket. Each is
named by the time it was made, so that the newest is known without opening any, in any storage."""

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.module_loading import import_string

from backups.errors import BackupError

NAME = re.compile(r"backup-(\d{4}-\d\d-\d\dT\d{6}Z)\.tar\.gz(\.enc)?")
TIME_FORMAT = "%Y-%m-%dT%H%M%SZ"
# How the media storage reaches its bucket; the media's public addresses and cache headers are
# not for backups.
BUCKET_OPTIONS = ["bucket_name", "endpoint_url", "region_name"]


def storage():
    """Where the backups are kept: with MEDIA_BUCKET, in that bucket as the media storage reaches
    it (through django-storages), under a prefix of their own; else BACKUP_DIR."""
    if not settings.MEDIA_BUCKET:
        return FileSystemStorage(location=settings.BACKUP_DIR)
    media = settings.STORAGES["default"]
    return import_string(media["BACKEND"])(
        **{option: media["OPTIONS"][option] for option in BUCKET_OPTIONS},
        location=settings.BACKUP_BUCKET_PREFIX,
        file_overwrite=False,
    )


def backup_name(made_at, encrypted):
    extension = ".tar.gz.enc" if encrypted else ".tar.gz"
    return f"backup-{made_at.astimezone(UTC).strftime(TIME_FORMAT)}{extension}"


def stored_backups():
    """The backups kept, as (name, when made), newest first. Other files are left alone."""
    try:
        names = storage().listdir("")[1]
    except FileNotFoundError:  # BACKUP_DIR, before the first backup
        return []
    backups = [
        (name, datetime.strptime(match[1], TIME_FORMAT).replace(tzinfo=UTC))
        for name in names
        if (match := NAME.fullmatch(name))
    ]
    return sorted(backups, key=lambda backup: backup[1], reverse=True)


def backup_due():
    """Whether the newest backup is BACKUP_EVERY_HOURS old (or there is none): the clock asks
    every CLOCK_INTERVAL, and a backup is made on the first run after it falls due."""
    backups = stored_backups()
    due_at = timezone.now() - timedelta(hours=settings.BACKUP_EVERY_HOURS)
    return not backups or backups[0][1] <= due_at


def delete_old_backups():
    """Delete the backups made more than BACKUP_KEEP_DAYS ago, but never the newest one; the
    names deleted."""
    older_than = timezone.now() - timedelta(days=settings.BACKUP_KEEP_DAYS)
    old = [name for name, made_at in stored_backups()[1:] if made_at < older_than]
    for name in old:
        storage().delete(name)
    return old


def local_file(source, folder):
    """The backup `source` as a local file: the file of that path, or else a copy, made in
    `folder`, of the stored backup of that name."""
    if Path(source).is_file():
        return Path(source)
    copy = Path(folder) / "backup"
    if NAME.fullmatch(source) and storage().exists(source):
        with storage().open(source, "rb") as stored, open(copy, "wb") as file:
            shutil.copyfileobj(stored, file)
    else:
        raise BackupError(
            f"There is no file {source}, nor a backup of that name in the backup storage "
            "(`manage.py backup --list` shows them)."
        )
    return copy
