from django.core.management.base import BaseCommand

from newsletter.mailings import start_mailings
from newsletter.sending import resume_waiting_mailings


class Command(BaseCommand):
    help = (
        "Make the mailing of each public article that has none, and queue the sending of every "
        "mailing with emails waiting: a safety net beside the worker, run by the clock."
    )

    def handle(self, *args, **options):
        started = start_mailings()
        resumed = resume_waiting_mailings()
        if options["verbosity"] > 1:
            self.stdout.write(f"{started} mailings started, {resumed} queued.")
