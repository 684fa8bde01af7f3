from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.archive import make_backup, megabytes
from backups.errors import BackupError
from backups.stored import backup_due, delete_old_backups, storage, stored_backups


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one archive in the backup storage "
        "(BACKUP_DIR, or the media bucket), then delete backups older than BACKUP_KEEP_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-due",
            action="store_true",
            help="Back up only if the newest backup is BACKUP_EVERY_HOURS old (for the clock).",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_only",
            help="List the backups kept, newest first, and stop.",
        )

    def handle(self, *args, if_due, list_only, verbosity, **options):
        if list_only:
            return self.list_backups()
        if if_due and not backup_due():
            if verbosity > 1:
                self.stdout.write("No backup is due.")
            return
        try:
            name, manifest = make_backup()
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = megabytes(storage().size(name))
        encrypted = "encrypted" if settings.BACKUP_PASSPHRASE else "not encrypted"
        self.stdout.write(
            f"Backed up the database and {len(manifest['files']) - 1} uploaded files to {name} "
            f"({size}, {encrypted})."
        )
        deleted = delete_old_backups()
        if deleted:
            self.stdout.write(
                f"Deleted {len(deleted)} backup{'s' if len(deleted) > 1 else ''} older than "
                f"{settings.BACKUP_KEEP_DAYS} days."
            )

    def list_backups(self):
        backups = stored_backups()
        for name, made_at in backups:
            self.stdout.write(
                f"{name}  {made_at:%Y-%m-%d %H:%M} UTC  {megabytes(storage().size(name))}"
            )
        if not backups:
            self.stdout.write("No backups yet.")
