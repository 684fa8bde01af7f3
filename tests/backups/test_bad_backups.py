"""A truncated, corrupt, altered or foreign backup is refused with a sentence saying what is wrong
with it, and the site it was to be restored into is left as it was: its rows and its files.

The bad backups are tried on a site of their own, restored from a good backup into a scratch
database and media folder by another process, where a restore would really replace everything
(a test restores the good backup there, to show it)."""

import gzip
import io
import json
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from backups.archive import make_backup
from backups.encryption import encrypt
from tests.backups.conftest import files_in, manage, scratch_database_in, site_environment
from tests.helpers import run_python

# Another process of the site, on the scratch site: it tries to restore the backup given, then
# prints what the restore said and a digest of every row the database holds.
TRY_TO_RESTORE = """
import hashlib, io, json, sys
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError

said = None
if len(sys.argv) > 1:
    try:
        call_command("restore", sys.argv[1], yes=True, stdout=io.StringIO())
        said = "Restored."
    except CommandError as error:
        said = str(error)
rows = io.StringIO()
call_command("dumpdata", stdout=rows)
print(json.dumps({"said": said, "rows": hashlib.sha256(rows.getvalue().encode()).hexdigest()}))
"""


@dataclass
class Site:
    database: str
    media_root: Path
    good_backup: Path
    rows: str
    files: dict

    def try_to_restore(self, backup=None, **environ):
        """What restoring `backup` said, and the digest of the rows after."""
        env = site_environment(self.database, self.media_root, **environ)
        answer = json.loads(run_python(TRY_TO_RESTORE, env, [str(backup)] if backup else []))
        return answer["said"], answer["rows"]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scratch-site")
    # An uploaded file that does not compress, so that the backup's second half is uploads, as
    # on a real site, whichever tests ran before.
    upload = default_storage.save("images/backup-drill.bin", ContentFile(os.urandom(1_000_000)))
    try:
        with django_db_blocker.unblock(), override_settings(BACKUP_DIR=folder / "backups"):
            name, _ = make_backup()
    finally:
        default_storage.delete(upload)
    good = folder / "backups" / name
    with scratch_database_in(folder) as database:
        media_root = folder / "media"
        restored = manage("restore", str(good), database=database, media_root=media_root)
        assert restored.returncode == 0, restored.stderr
        site = Site(database, media_root, good, rows=None, files=files_in(media_root))
        site.rows = site.try_to_restore()[1]
        yield site


def members_of(backup):
    """The backup's members, in order, by name: their bytes."""
    with tarfile.open(backup, "r:gz") as tar:
        return {member.name: tar.extractfile(member).read() for member in tar}


def packed(path, members):
    """A gzipped tar of `members` (name: bytes), in their order, at `path`."""
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def repacked(good, path, change):
    """The good backup with its members or its manifest changed by `change(members, manifest)`,
    and packed again as `manage.py backup` packs it."""
    members = members_of(good)
    manifest = json.loads(members.pop("manifest.json"))
    change(members, manifest)
    return packed(path, {"manifest.json": json.dumps(manifest).encode(), **members})


def dump_name(members):
    return next(name for name in members if name.startswith("database."))


def first_media_name(members):
    return next(name for name in members if name.startswith("media/"))


def random_bytes(site, path):
    path.write_bytes(os.urandom(50_000))
    return path


def gzip_of_something_else(site, path):
    path.write_bytes(gzip.compress(b"Not a backup: a log file, say.\n" * 1000))
    return path


def gzipped_tar_of_other_files(site, path):
    return packed(path, {"images/photo.jpg": os.urandom(5000), "README": b"Photos.\n"})


def django_dbbackup_file(site, path):
    made = manage(
        *["dbbackup", "--output-path", str(path), "--compress"],
        database=site.database,
        media_root=site.media_root,
    )
    assert made.returncode == 0, made.stderr
    return path


def truncated(site, path):
    data = site.good_backup.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt(site, path):
    data = bytearray(site.good_backup.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 64):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def altered_dump(site, path):
    def change(members, manifest):
        name = dump_name(members)
        # Each of the last 100 bytes flipped: a database file often ends in zeros already.
        members[name] = members[name][:-100] + bytes(byte ^ 0xFF for byte in members[name][-100:])

    return repacked(site.good_backup, path, change)


def with_a_file_its_manifest_does_not_list(site, path):
    def change(members, manifest):
        members["media/images/planted.png"] = b"planted"

    return repacked(site.good_backup, path, change)


def without_a_file_its_manifest_lists(site, path):
    return repacked(
        site.good_backup, path, lambda members, manifest: members.pop(first_media_name(members))
    )


def of_another_project(site, path):
    return repacked(
        site.good_backup, path, lambda members, manifest: manifest.update(project="webshop")
    )


def of_a_later_version_of_the_site(site, path):
    def change(members, manifest):
        manifest["migrations"].append("articles.9999_from_the_future")

    return repacked(site.good_backup, path, change)


def of_the_other_kind_of_database(site, path):
    def change(members, manifest):
        other = {"sqlite": "postgresql", "postgresql": "sqlite"}[manifest["database"]]
        dump = dump_name(members)
        other_dump = {"sqlite": "database.sqlite3", "postgresql": "database.sql"}[other]
        members[other_dump] = members.pop(dump)
        manifest["files"][other_dump] = manifest["files"].pop(dump)
        manifest["database"] = other

    return repacked(site.good_backup, path, change)


def with_a_file_outside_the_media_folder(site, path):
    def change(members, manifest):
        name = first_media_name(members)
        escaped = "media/../../escaped.png"
        members[escaped] = members.pop(name)
        manifest["files"][escaped] = manifest["files"].pop(name)

    return repacked(site.good_backup, path, change)


def of_a_later_format(site, path):
    return repacked(site.good_backup, path, lambda members, manifest: manifest.update(version=2))


def encrypted_with_another_passphrase(site, path):
    with open(site.good_backup, "rb") as source, open(path, "wb") as target:
        encrypt(source, target, "another passphrase")
    return path


def encrypted_and_truncated(site, path):
    encrypted_with_another_passphrase(site, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


BAD_BACKUPS = [
    (random_bytes, {}, "is not a backup made by `manage.py backup`"),
    (gzip_of_something_else, {}, "is not a backup made by `manage.py backup`"),
    (gzipped_tar_of_other_files, {}, "is not a backup made by `manage.py backup`"),
    (django_dbbackup_file, {}, "is not a backup made by `manage.py backup`"),
    (truncated, {}, "is truncated or corrupt"),
    (corrupt, {}, "corrupt"),
    (altered_dump, {}, "does not match the checksum that its manifest gives"),
    (with_a_file_its_manifest_does_not_list, {}, "which its manifest does not list"),
    (without_a_file_its_manifest_lists, {}, "is truncated: it lacks 1 of the files"),
    (of_another_project, {}, "is a backup of another project (webshop)"),
    (of_a_later_version_of_the_site, {}, "articles.9999_from_the_future"),
    (of_the_other_kind_of_database, {}, "restore it into a"),
    (with_a_file_outside_the_media_folder, {}, "has a manifest that `manage.py backup` does"),
    (of_a_later_format, {}, "has format 2, and this code reads format 1"),
    (encrypted_with_another_passphrase, {}, "The backup is encrypted: set BACKUP_PASSPHRASE"),
    (
        encrypted_with_another_passphrase,
        {"BACKUP_PASSPHRASE": "the site's passphrase"},
        "cannot be decrypted with BACKUP_PASSPHRASE",
    ),
    (encrypted_and_truncated, {"BACKUP_PASSPHRASE": "another passphrase"}, "is truncated"),
]


@pytest.mark.parametrize(
    ("make", "environ", "said"), BAD_BACKUPS, ids=[make.__name__ for make, *_ in BAD_BACKUPS]
)
def test_a_bad_backup_is_refused_and_changes_nothing(site, tmp_path, make, environ, said):
    bad = make(site, tmp_path / "bad-backup")

    refusal, rows = site.try_to_restore(bad, **environ)

    assert said in refusal
    assert rows == site.rows
    assert files_in(site.media_root) == site.files
    assert not (site.media_root / ".." / ".." / "escaped.png").exists()


def test_a_database_that_is_not_empty_is_replaced_only_when_the_restore_is_confirmed(site):
    answer = manage(
        "restore", str(site.good_backup), database=site.database, media_root=site.media_root
    )

    assert answer.returncode == 1
    assert "The database is not empty" in answer.stderr
    assert "Run again with --yes to go ahead." in answer.stderr
    assert site.try_to_restore()[1] == site.rows


def test_the_good_backup_restores_the_site_that_the_bad_ones_left_alone(site):
    # The site changes: its articles are deleted, and a file is lost.
    delete_articles = "import django; django.setup()\nfrom articles.models import Article\n"
    run_python(
        delete_articles + "Article.objects.all().delete()",
        site_environment(site.database, site.media_root),
    )
    (site.media_root / next(iter(site.files))).unlink()
    assert site.try_to_restore()[1] != site.rows

    said, rows = site.try_to_restore(site.good_backup)

    assert said == "Restored."
    assert rows == site.rows
    assert files_in(site.media_root) == site.files
