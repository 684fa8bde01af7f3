"""Delivery through a real SMTP server: once when mail is up, never lost when it is down,
refusing or hanging, and never twice however many senders run at once."""

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from contact import services, tasks
from contact.models import ContactMessage
from tests.helpers import database_url
from tests.mailserver import Mailbox, filled_in, run_worker, serve

pytestmark = pytest.mark.django_db

Delivery = ContactMessage.Delivery
URL = "/contact/"


@pytest.fixture
def posted(client, django_capture_on_commit_callbacks):
    """Post the form as a visitor; the message's delivery task is queued when it commits."""

    def post(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, filled_in(**fields))
        assert response.status_code == 302
        return ContactMessage.objects.get(email=fields.get("email", "grace@example.com"))

    return post


def test_a_message_reaches_the_owner_once_with_the_headers_a_reply_needs(posted, mailbox):
    stored = posted(name="Zoë Ångström", message="Hello — 你好 🚀\nSecond line.")
    run_worker()
    [email] = mailbox.messages
    # Django folds the encoded subject onto a continuation line; readers unfold it.
    assert email["Subject"].strip() == "Message from Zoë Ångström via the contact form"
    assert email["From"] == "site@portfolio.example"
    assert email["To"] == "owner@portfolio.example"
    assert email["Reply-To"] == "Zoë Ångström <grace@example.com>"
    assert email["Message-ID"] == stored.message_id
    body = email.get_content().replace("\r\n", "\n")  # SMTP carries lines ending in CRLF
    assert "Hello — 你好 🚀\nSecond line." in body
    assert "From: Zoë Ångström (Navy) <grace@example.com>" in body

    stored.refresh_from_db()
    assert stored.delivery == Delivery.SENT
    assert stored.sent_at is not None and stored.send_attempts == 1
    # Nothing is due any more: neither the worker nor the command sends it again.
    run_worker()
    call_command("send_contact_messages", verbosity=0)
    assert len(mailbox.messages) == 1


def test_the_visitor_never_waits_for_a_hanging_mail_server(posted, hanging_mailbox):
    stored = posted()
    # The thank-you page came back without the site so much as greeting the mail server.
    assert hanging_mailbox.connections == 0
    run_worker()  # the worker gives up after EMAIL_TIMEOUT and keeps the message
    stored.refresh_from_db()
    assert hanging_mailbox.connections == 1
    assert stored.delivery == Delivery.PENDING
    assert "timed out" in stored.last_error


def test_a_message_sent_while_mail_is_down_is_delivered_once_when_it_is_back(
    posted, mail_down, settings
):
    stored = posted()
    run_worker()
    stored.refresh_from_db()
    assert stored.delivery == Delivery.PENDING
    assert stored.send_attempts == 1
    assert "ConnectionRefusedError" in stored.last_error
    retry_at = stored.next_attempt_at
    assert retry_at - timezone.now() > timedelta(minutes=1)

    mailbox = Mailbox()
    controller = serve(mailbox, settings)
    try:
        with time_machine.travel(retry_at + timedelta(seconds=1)):
            out = call_command_output("send_contact_messages")
            run_worker()  # the retry the worker had queued finds the message sent
    finally:
        controller.stop()
    assert out == "1 sent, 0 still waiting."
    assert len(mailbox.messages) == 1
    stored.refresh_from_db()
    assert (stored.delivery, stored.send_attempts, stored.last_error) == (Delivery.SENT, 2, "")


def test_a_refusing_server_is_retried_with_growing_back_off_then_the_message_failed(
    posted, refusing_mailbox, settings
):
    settings.CONTACT_MAX_SEND_ATTEMPTS = 4
    stored = posted()
    waits = []
    now = timezone.now()
    for _ in range(settings.CONTACT_MAX_SEND_ATTEMPTS):
        with time_machine.travel(now):
            run_worker()
        stored.refresh_from_db()
        if stored.next_attempt_at:
            waits.append(stored.next_attempt_at - now)
            now = stored.next_attempt_at + timedelta(seconds=1)
    assert [round(wait.total_seconds() / 60) for wait in waits] == [2, 4, 8]
    assert stored.delivery == Delivery.FAILED
    assert stored.send_attempts == 4
    assert "550" in stored.last_error and "Mailbox unavailable" in stored.last_error
    # A failed message stays in the inbox, and no sender picks it up again by itself.
    with time_machine.travel(now + timedelta(days=1)):
        assert call_command_output("send_contact_messages") == "0 sent, 0 still waiting."


def test_the_owner_can_send_a_failed_message_again(mailbox, django_capture_on_commit_callbacks):
    stored = ContactMessage.objects.create(
        name="Ada", email="ada@example.com", message="Hi", delivery=Delivery.FAILED
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_delivery(ContactMessage.objects.filter(pk=stored.pk))
    run_worker()
    assert len(mailbox.messages) == 1


def test_retry_waits_double_up_to_six_hours():
    assert [tasks.retry_delay(n) for n in (1, 2, 3)] == [
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]
    assert tasks.retry_delay(20) == timedelta(hours=6)


def call_command_output(name):
    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db(transaction=True)
def test_two_commands_and_the_worker_at_once_deliver_each_message_exactly_once(settings):
    mailbox = Mailbox()
    controller = serve(mailbox, settings)
    with transaction.atomic():  # committed: the other processes see the messages and tasks
        for number in range(12):
            services.submit_message(
                name=f"Sender {number}", email=f"sender{number}@example.com", message="Hello"
            )
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
        "EMAIL_TIMEOUT": "10",
        "CACHE_URL": "locmemcache://",
        "SITE_URL": settings.SITE_URL,
    }
    manage = [sys.executable, "manage.py"]
    commands = [
        [*manage, "send_contact_messages"],
        [*manage, "send_contact_messages"],
        [*manage, "db_worker", "--batch", "--queue-name", "*", "--no-startup-delay"],
    ]
    try:
        processes = [
            subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for command in commands
        ]
        results = [process.communicate(timeout=120) for process in processes]
    finally:
        controller.stop()
    for process, (_, errors) in zip(processes, results, strict=True):
        assert process.returncode == 0, errors
    message_ids = sorted(email["Message-ID"] for email in mailbox.messages)
    stored = ContactMessage.objects.order_by("pk")
    assert message_ids == sorted(message.message_id for message in stored)
    assert {(message.delivery, message.send_attempts) for message in stored} == {(Delivery.SENT, 1)}
