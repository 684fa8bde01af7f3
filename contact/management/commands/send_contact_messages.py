from django.core.management.base import BaseCommand

from contact.tasks import send_due_messages


class Command(BaseCommand):
    help = (
        "Email every contact message that is due now (new ones and failed attempts whose retry "
        "time has come). Safe beside the task worker and beside itself: no message is sent twice."
    )

    def handle(self, *args, **options):
        sent, waiting = send_due_messages()
        self.stdout.write(f"{sent} sent, {waiting} still waiting.")
