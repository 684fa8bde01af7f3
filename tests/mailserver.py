"""A real SMTP server for the tests (fixtures: mailbox, refusing_mailbox, hanging_mailbox,
mail_down), forms filled in as a person would, and the task worker run in the test process."""

import asyncio
import email
import email.policy
import time
import uuid

import pytest
from aiosmtpd.controller import Controller
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from contact.forms import fill_token
from tests.helpers import free_port


class Mailbox:
    """Accepts every message and keeps it, parsed."""

    def __init__(self):
        self.messages = []
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


class RefusingMailbox(Mailbox):
    """Refuses every message, as a full or misconfigured mailbox does."""

    async def handle_DATA(self, server, session, envelope):
        return "550 Mailbox unavailable"


class HangingMailbox(Mailbox):
    """Greets, then never answers a message: a mail server that hangs."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(60)
        return "250 Too late"


def serve(handler, settings):
    """Start a real SMTP server with `handler` on a free port and send the site's mail to it."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    settings.CONTACT_RECIPIENTS = ["owner@portfolio.example"]
    settings.DEFAULT_FROM_EMAIL = "site@portfolio.example"
    return controller


def _serving(handler_class):
    @pytest.fixture
    def fixture(settings):
        handler = handler_class()
        controller = serve(handler, settings)
        yield handler
        controller.stop()

    fixture.__doc__ = f"The site's mail goes to a real SMTP server: {handler_class.__doc__}"
    return fixture


mailbox = _serving(Mailbox)
refusing_mailbox = _serving(RefusingMailbox)
hanging_mailbox = _serving(HangingMailbox)


@pytest.fixture
def mail_down(settings):
    """Nothing listens where the site sends its mail."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def filled_in(**fields):
    """The contact form as a person sends it: shown some seconds ago, with its own key."""
    return {
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "company": "Navy",
        "message": "Could we talk about a backend contract?",
        "shown_at": fill_token(time.time() - 30),
        "key": str(uuid.uuid4()),
        **fields,
    }


def run_worker():
    """Run every ready task with the worker of `manage.py db_worker`, in this process.

    The worker's own loop manages database connections as a long-running process must, which
    a test's transaction does not allow; it takes and runs tasks exactly as below. The real
    worker process runs in test_delivery's test of concurrent senders.
    """
    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip
    while (task_result := DBTaskResult.objects.ready().order_by("run_after").first()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
