import sys

from django.core.management.base import BaseCommand, CommandError

from backups import database
from backups.archive import opened_backup, restore
from backups.errors import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: the database, replaced in one transaction, "
        "and the uploaded files. The whole backup is checked first; a bad one changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "backup", help="A backup file, or the name of one that `backup --list` shows."
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace a database that is not empty without asking.",
        )

    def handle(self, *args, backup, yes, **options):
        try:
            with opened_backup(backup) as checked:
                self.stdout.write(f"Restoring {checked} into {database.description()}.")
                tables = database.table_names()
                if tables and not yes:
                    self.confirm(len(tables))
                migrated = restore(checked)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if migrated:
            self.stdout.write(f"Applied {migrated} migrations the backup was older than.")
        self.stdout.write("Restored.")

    def confirm(self, tables):
        replaced = f"The database is not empty ({tables} tables): all of it will be replaced."
        if not sys.stdin.isatty():
            raise CommandError(f"{replaced} Run again with --yes to go ahead.")
        if input(f"{replaced} Type 'yes' to go ahead: ").strip() != "yes":
            raise CommandError("Nothing was restored.")
