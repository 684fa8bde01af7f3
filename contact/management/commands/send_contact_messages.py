from django.core.management.base import BaseCommand

from contact.services import send_unsent_messages


class Command(BaseCommand):
    help = (
        "Email the contact messages whose first delivery failed (for example because the mail "
        "server was down). Run it on a schedule, e.g. every 10 minutes from cron."
    )

    def handle(self, *args, **options):
        sent, failed = send_unsent_messages()
        self.stdout.write(f"{sent} sent, {failed} still waiting.")
