from django.core.management.base import BaseCommand

from stats.retention import purge


class Command(BaseCommand):
    help = (
        "Delete daily statistics older than STATS_KEEP_DAYS, and the salts of past days. "
        "Run by the clock; safe to run at any time."
    )

    def handle(self, *args, **options):
        deleted = purge()
        if options["verbosity"] > 1:
            self.stdout.write(f"Deleted {deleted} rows of statistics.")
