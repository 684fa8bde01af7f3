from django.core.management.base import BaseCommand

from newsletter.subscriptions import purge_unconfirmed


class Command(BaseCommand):
    help = "Delete sign-ups not confirmed within NEWSLETTER_UNCONFIRMED_DAYS (run by the clock)."

    def handle(self, *args, **options):
        deleted = purge_unconfirmed()
        if options["verbosity"] > 1:
            self.stdout.write(f"Deleted {deleted} unconfirmed sign-ups.")
