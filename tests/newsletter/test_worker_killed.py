"""A task worker killed in the middle of a newsletter's send: the restarted worker sends what is
left by itself; a second copy can only follow a kill after the mail server accepted an email,
and carries the same Message-ID."""

import signal
import time

import pytest
from django.db import transaction

from newsletter.mailings import start_mailing
from newsletter.models import Delivery, Subscriber
from tests.contact.test_worker_killed import RowLock, StallingMailbox, start_worker, wait_for
from tests.factories import make_article
from tests.mailserver import serve

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("point", "emails"), [("greeting", 1), ("data", 1), ("accepted", 2)])
def test_a_killed_worker_s_newsletter_is_sent_by_the_restarted_worker(settings, point, emails):
    subscriber = Subscriber.objects.create(email="ada@example.com", status="confirmed")
    with transaction.atomic():
        article = make_article(status="draft")
        article.status = "published"
        start_mailing(article)
    article.save()
    delivery = Delivery.objects.get(subscriber=subscriber)
    lock = RowLock(delivery.pk, table="newsletter_delivery")
    mailbox = StallingMailbox(point, on_accept=lock.take)
    controller = serve(mailbox, settings)
    environ = {"NEWSLETTER_SEND_CLAIM_SECONDS": "3"}
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
        assert Delivery.objects.get(pk=delivery.pk).state == "pending"  # held by the dead
        restarted = start_worker(settings, controller.port, **environ)
        assert wait_for(lambda: Delivery.objects.get(pk=delivery.pk).state == "sent", 60), (
            "the restarted worker did not send the email"
        )
        assert time.monotonic() - killed_at < 60
    finally:
        lock.release()
        mailbox.released.set()
        for process in (worker, restarted):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
        controller.stop()
    assert len(mailbox.messages) == emails
    assert {email["Message-ID"] for email in mailbox.messages} == {delivery.message_id}
