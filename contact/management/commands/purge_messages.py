from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contact.services import purge_messages


class Command(BaseCommand):
    help = "Delete contact messages older than a number of days, and spam sooner."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.CONTACT_KEEP_DAYS,
            metavar="DAYS",
            help="Delete messages received more than DAYS days ago (default: CONTACT_KEEP_DAYS).",
        )
        parser.add_argument(
            "--spam-older-than",
            type=int,
            default=settings.CONTACT_KEEP_SPAM_DAYS,
            metavar="DAYS",
            help="Delete spam received more than DAYS days ago (default: CONTACT_KEEP_SPAM_DAYS).",
        )

    def handle(self, *args, older_than, spam_older_than, **options):
        if older_than < 0 or spam_older_than < 0:
            raise CommandError("Give the ages in days, as 0 or more.")
        deleted, spam_deleted = purge_messages(older_than, spam_older_than)
        self.stdout.write(
            f"{deleted + spam_deleted} deleted: {spam_deleted} spam older than "
            f"{spam_older_than} days, {deleted} messages older than {older_than} days."
        )
