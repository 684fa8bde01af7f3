"""A task worker killed in the middle of a send: the restarted worker takes the message up
again once its sender's claim has lapsed, without the clock; a second email can only follow a
kill after the mail server accepted the message, and carries the same Message-ID."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection, transaction

from contact import services
from contact.models import ContactMessage
from tests.helpers import database_url
from tests.mailserver import Mailbox, serve

pytestmark = pytest.mark.django_db(transaction=True)

CLAIM_SECONDS = 3


class StallingMailbox(Mailbox):
    """Holds its first sender at one point of the conversation until the test lets it go:
    "greeting" (before the sender may say what it sends), "data" (the message is being
    handed over, not yet accepted) or "accepted" (kept and answered 250, after `on_accept`)."""

    def __init__(self, point, on_accept=None):
        super().__init__()
        self.point, self.on_accept = point, on_accept
        self.reached, self.released = threading.Event(), threading.Event()

    async def _stall(self, point):
        if self.point == point and not self.reached.is_set():
            self.reached.set()
            await asyncio.get_running_loop().run_in_executor(None, self.released.wait, 60)
            return True
        return False

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if await self._stall("greeting"):
            return ["421 Closing"]
        return await super().handle_EHLO(server, session, envelope, hostname, responses)

    async def handle_DATA(self, server, session, envelope):
        if await self._stall("data"):
            return "451 Try again later"
        if self.point == "accepted" and not self.reached.is_set():
            self.on_accept()
            answer = await super().handle_DATA(server, session, envelope)
            self.reached.set()
            return answer
        return await super().handle_DATA(server, session, envelope)


class RowLock:
    """Another connection's write lock, which the worker's record of the send waits for."""

    def __init__(self, message_pk, table="contact_contactmessage"):
        self.message_pk, self.table, self.held = message_pk, table, None

    def take(self):
        if connection.vendor == "sqlite":
            self.held = sqlite3.connect(connection.settings_dict["NAME"], check_same_thread=False)
            self.held.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            self.held = psycopg.connect(database_url().replace("postgres://", "postgresql://"))
            self.held.execute(
                f"SELECT id FROM {self.table} WHERE id = %s FOR UPDATE",
                [self.message_pk],
            )

    def end_waiting_writers(self):
        """Ends the connections that wait for the lock: a killed process's statement would
        otherwise go on in PostgreSQL once the lock is released, as it would not after the
        crash of its machine. (SQLite's waiting writer dies with its process.)"""
        if connection.vendor == "postgresql":
            self.held.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname ="
                " current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )

    def release(self):
        if self.held is not None:
            self.held.rollback()
            self.held.close()
            self.held = None


def start_worker(settings, mail_port, **environ):
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
        "EMAIL_TIMEOUT": "10",
        "CONTACT_SEND_CLAIM_SECONDS": str(CLAIM_SECONDS),
        "CACHE_URL": "locmemcache://",
        "SITE_URL": settings.SITE_URL,
        "LOG_LEVEL": "WARNING",
        **environ,
    }
    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*",
               "--no-startup-delay", "--no-reload"]  # fmt: skip
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)


def killed_and_restarted(settings, point, lock, held, sent, **environ):
    """Start a worker, SIGKILL it when the mail server holds it at `point` (StallingMailbox),
    check that what it sends is still `held()` by the dead, start another worker and wait until
    `sent()`, as it must be within a minute of the kill; return the mailbox. `lock` is the
    RowLock of the row whose send the worker records (taken once the server accepted)."""
    mailbox = StallingMailbox(point, on_accept=lock.take)
    controller = serve(mailbox, settings)
    worker = start_worker(settings, controller.port, **environ)
    restarted = None
    try:
        assert mailbox.reached.wait(30), "the worker never reached the mail server"
        if point == "accepted":
            time.sleep(0.5)  # the worker now waits to record the send
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed_at = time.monotonic()
        if point == "accepted":
            lock.end_waiting_writers()
        lock.release()
        mailbox.released.set()
        assert held(), "the killed worker's claim was not left behind"
        restarted = start_worker(settings, controller.port, **environ)
        assert wait_for(sent, 60), "the restarted worker did not send"
        assert time.monotonic() - killed_at < 60
    finally:
        lock.release()
        mailbox.released.set()
        for process in (worker, restarted):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
        controller.stop()
    return mailbox


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize(
    ("point", "emails"), [("greeting", 1), ("data", 1), ("accepted", 2)]
)  # fmt: skip
def test_a_killed_worker_s_message_is_sent_by_the_restarted_worker(settings, point, emails):
    with transaction.atomic():
        message, _ = services.submit_message(
            name="Ada", email="ada@example.com", message="Hello from before the crash"
        )
    mailbox = killed_and_restarted(
        settings, point, RowLock(message.pk),
        held=lambda: ContactMessage.objects.get(pk=message.pk).delivery == "pending",
        sent=lambda: ContactMessage.objects.get(pk=message.pk).delivery == "sent",
    )  # fmt: skip
    assert len(mailbox.messages) == emails
    assert {email["Message-ID"] for email in mailbox.messages} == {message.message_id}
