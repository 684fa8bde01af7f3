"""A backup: one archive with the database's dump, every uploaded file and a manifest saying what
they are, so that a restore checks all of it before it changes anything.

The archive is a gzipped tar (`tar tzf` lists it) whose first member is `manifest.json`:

    {"format": "portfolio-backup", "version": 1, "project": "portfolio",
     "made_at": "2025-01-31T02:15:00+00:00", "database": "postgresql",
     "migrations": ["admin.0001_initial", ...],
     "files": {"database.sql": {"size": 70771008, "sha256": "9f86d0..."},
               "media/images/4f2a....jpg": {"size": 81234, "sha256": "..."}, ...}}

then the dump (`database.sql`, pg_dump's SQL; or `database.sqlite3`, an SQLite file) and the
uploaded files under `media/`, by their names in the media storage. With BACKUP_PASSPHRASE the
whole archive is encrypted (backups.encryption).
"""

import gzip
import hashlib
import io
import json
import posixpath
import shutil
import tarfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from backups import database, encryption, stored
from backups.errors import BackupError
from web.cache import content_changed

FORMAT = "portfolio-backup"
VERSION = 1
PROJECT = "portfolio"
MANIFEST = "manifest.json"
MEDIA = "media/"
GZIP_MAGIC = b"\x1f\x8b"
READ_BYTES = 1024 * 1024
# Far more than the manifest of a site with many thousand uploaded files.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


@dataclass
class Backup:
    """A backup read and checked in full: its manifest, and its files in a temporary folder."""

    manifest: dict
    folder: Path

    @property
    def made_at(self):
        return datetime.fromisoformat(self.manifest["made_at"])

    @property
    def dump(self):
        return self.folder / database.DUMP_NAMES[self.manifest["database"]]

    @property
    def media_names(self):
        return [name.removeprefix(MEDIA) for name in self.manifest["files"] if is_media(name)]

    def __str__(self):
        files = self.manifest["files"]
        dump_size = files[self.dump.name]["size"]
        media_size = sum(files[MEDIA + name]["size"] for name in self.media_names)
        vendor = database.VENDOR_NAMES[self.manifest["database"]]
        return (
            f"the backup made {self.made_at:%Y-%m-%d %H:%M} UTC: the {vendor} database "
            f"({megabytes(dump_size)} dump, {len(self.manifest['migrations'])} migrations) "
            f"and {len(self.media_names)} uploaded files ({megabytes(media_size)})"
        )


def make_backup():
    """Back up the database and the uploaded files now, into the backup storage; the name it is
    stored under, and its manifest."""
    made_at = timezone.now().replace(microsecond=0)
    vendor = database.vendor()
    encrypted = bool(settings.BACKUP_PASSPHRASE)
    with TemporaryDirectory(prefix="backup-") as folder:
        folder = Path(folder)
        # The database first, then the files: an image uploaded in between is kept for nothing,
        # while the other way round the database could name a file the backup does not have.
        members = [database.DUMP_NAMES[vendor]]
        database.dump(folder / members[0])
        for name in media_names():
            members.append(MEDIA + name)
            copy_from_media(name, folder / members[-1])
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "project": PROJECT,
            "made_at": made_at.isoformat(),
            "database": vendor,
            "migrations": database.applied_migrations(),
            "files": {member: checksum(folder / member) for member in members},
        }
        archive = folder / "backup.tar.gz"
        write_archive(archive, manifest, folder)
        if encrypted:
            with open(archive, "rb") as plain, open(folder / "backup.enc", "wb") as secret:
                encryption.encrypt(plain, secret, settings.BACKUP_PASSPHRASE)
            archive = folder / "backup.enc"
        with open(archive, "rb") as file:
            name = stored.storage().save(stored.backup_name(made_at, encrypted), File(file))
    return name, manifest


def media_names(folder=""):
    """The name of every file in the media storage, but the backups' when they share its bucket."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # MEDIA_ROOT, before the first upload
        return []
    names = [posixpath.join(folder, name) for name in files]
    for subfolder in folders:
        path = posixpath.join(folder, subfolder)
        if not (settings.MEDIA_BUCKET and path == settings.BACKUP_BUCKET_PREFIX):
            names += media_names(path)
    return sorted(names)


def copy_from_media(name, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with default_storage.open(name, "rb") as source, open(path, "wb") as target:
            shutil.copyfileobj(source, target, READ_BYTES)
    except OSError as error:
        raise BackupError(f"The uploaded file {name} could not be copied: {error}.") from error


def checksum(path):
    with open(path, "rb") as file:
        return {
            "size": path.stat().st_size,
            "sha256": hashlib.file_digest(file, "sha256").hexdigest(),
        }


def write_archive(archive, manifest, folder):
    """The manifest first, so that a restore knows what to expect before it reads anything else."""
    mtime = datetime.fromisoformat(manifest["made_at"]).timestamp()
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        data = json.dumps(manifest, indent=1).encode()
        tar.addfile(member_info(MANIFEST, len(data), mtime), io.BytesIO(data))
        for name, file in manifest["files"].items():
            with open(folder / name, "rb") as content:
                tar.addfile(member_info(name, file["size"], mtime), content)


def member_info(name, size, mtime):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o644
    return info


@contextmanager
def opened_backup(source):
    """The backup `source` (a file, or the name of a stored backup) read and checked in full,
    its files extracted into a temporary folder, before anything is changed; a BackupError
    saying what is wrong with it otherwise."""
    with TemporaryDirectory(prefix="restore-") as folder:
        folder = Path(folder)
        archive = stored.local_file(source, folder)
        if encryption.is_encrypted(archive):
            archive = decrypted(archive, folder)
        with open(archive, "rb") as file:
            if file.read(len(GZIP_MAGIC)) != GZIP_MAGIC:
                raise BackupError(
                    f"{source} is not a backup made by `manage.py backup`: it is neither a "
                    "gzipped archive nor an encrypted backup."
                )
        manifest = extract(archive, folder / "files", source)
        yield Backup(manifest, folder / "files")


def decrypted(archive, folder):
    if not settings.BACKUP_PASSPHRASE:
        raise BackupError(
            "The backup is encrypted: set BACKUP_PASSPHRASE to the passphrase it was made with."
        )
    plain = folder / "decrypted.tar.gz"
    with open(archive, "rb") as secret, open(plain, "wb") as target:
        encryption.decrypt(secret, target, settings.BACKUP_PASSPHRASE)
    return plain


def extract(archive, target, source):
    """Read the manifest, check that the backup fits this site, and extract each file it lists
    into `target`, checking its size and checksum; the manifest."""
    manifest = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = read_manifest(tar, source)
            check_fits_this_site(manifest, source)
            extract_files(tar, manifest["files"], target, source)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        if manifest is None:
            raise BackupError(
                f"{source} is not a backup made by `manage.py backup`, or is cut short at its "
                f"start: it is not a readable archive ({error})."
            ) from error
        raise BackupError(f"{source} is truncated or corrupt: {error}.") from error
    return manifest


def read_manifest(tar, source):
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise BackupError(
            f"{source} is not a backup made by `manage.py backup`: it has no manifest."
        )
    try:
        manifest = json.loads(tar.extractfile(first).read(MAX_MANIFEST_BYTES))
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{source} is not a backup made by `manage.py backup`: its manifest is another's."
        )
    if manifest.get("version") != VERSION:
        # A later format is not guessed at: the code that made it restores it.
        raise BackupError(
            f"{source} has format {manifest.get('version')}, and this code reads format "
            f"{VERSION}: restore it with the version of the site that made it."
        )
    if not is_manifest(manifest):
        raise BackupError(
            f"{source} has a manifest that `manage.py backup` does not write: it was altered."
        )
    return manifest


def is_manifest(manifest):
    """Whether `manifest` has the shape `make_backup` gives it, with only safe file names."""
    files, vendor = manifest.get("files"), manifest.get("database")
    try:
        datetime.fromisoformat(manifest.get("made_at"))
    except (TypeError, ValueError):
        return False
    return (
        vendor in database.DUMP_NAMES
        and isinstance(manifest.get("project"), str)
        and isinstance(manifest.get("migrations"), list)
        and all(isinstance(migration, str) for migration in manifest["migrations"])
        and isinstance(files, dict)
        and database.DUMP_NAMES[vendor] in files
        and all(name == database.DUMP_NAMES[vendor] or is_media(name) for name in files)
        and all(is_described(file) for file in files.values())
    )


def is_media(name):
    """An uploaded file's member: under media/, and nowhere else once extracted."""
    path = name.removeprefix(MEDIA)
    return (
        name.startswith(MEDIA)
        and path == posixpath.normpath(path)
        and path not in (".", "..")
        and not path.startswith(("/", "../"))
        and "\\" not in path
    )


def is_described(file):
    return (
        isinstance(file, dict)
        and isinstance(file.get("size"), int)
        and isinstance(file.get("sha256"), str)
    )


def check_fits_this_site(manifest, source):
    """A backup of another project, of another kind of database or of a later version of the
    site is refused before anything is extracted."""
    if manifest["project"] != PROJECT:
        raise BackupError(
            f"{source} is a backup of another project ({manifest['project']}), not of this site."
        )
    theirs, ours = manifest["database"], database.vendor()
    if theirs != ours:
        raise BackupError(
            f"{source} is a backup of a {database.VENDOR_NAMES[theirs]} database, and this "
            f"site's database is {database.VENDOR_NAMES[ours]}: restore it into a "
            f"{database.VENDOR_NAMES[theirs]} database (DATABASE_URL)."
        )
    unknown = sorted(set(manifest["migrations"]) - database.known_migrations())
    if unknown:
        raise BackupError(
            f"{source} was made by a later version of the site, or by another project: this "
            f"code does not have {len(unknown)} of its migrations ({', '.join(unknown[:3])}"
            f"{', ...' if len(unknown) > 3 else ''})."
        )


def extract_files(tar, files, target, source):
    left = set(files)
    while (member := tar.next()) is not None:
        if member.name not in left or not member.isfile():
            raise BackupError(
                f"{source} holds {member.name}, which its manifest does not list, or holds it "
                "twice: the archive was altered."
            )
        left.remove(member.name)
        path = target / member.name
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with tar.extractfile(member) as content, open(path, "wb") as file:
            while chunk := content.read(READ_BYTES):
                digest.update(chunk)
                file.write(chunk)
        if member.size != files[member.name]["size"] or (
            digest.hexdigest() != files[member.name]["sha256"]
        ):
            raise BackupError(
                f"{source} is corrupt: {member.name} does not match the checksum that its "
                "manifest gives."
            )
    if left:
        raise BackupError(
            f"{source} is truncated: it lacks {len(left)} of the files its manifest lists, "
            f"such as {sorted(left)[0]}."
        )


def restore(backup):
    """Put the backup's files into the media storage, then replace the database with its dump
    (one transaction), and apply the migrations this code has that the backup does not; the
    number of those migrations."""
    for name in backup.media_names:
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(backup.folder / MEDIA / name, "rb") as file:
            default_storage.save(name, File(file))
    database.restore(backup.dump)
    pending = database.pending_migrations()
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    # Pages kept for the content as it was are not served again.
    content_changed()
    return len(pending)


def megabytes(size):
    return f"{size / 1_000_000:.1f} MB"
