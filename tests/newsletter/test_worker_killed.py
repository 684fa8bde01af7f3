"""A task worker killed in the middle of a newsletter's send: the restarted worker sends what is
left by itself; a second copy can only follow a kill after the mail server accepted an email,
and carries the same Message-ID."""

import pytest
from django.utils import timezone

from newsletter.models import Delivery, Subscriber
from tests.contact.test_worker_killed import RowLock, killed_and_restarted
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("point", "emails"), [("greeting", 1), ("data", 1), ("accepted", 2)])
def test_a_killed_worker_s_newsletter_is_sent_by_the_restarted_worker(settings, point, emails):
    subscriber = Subscriber.objects.create(email="ada@example.com", status="confirmed")
    make_article(published_at=timezone.now())  # its mailing, and the task that sends it
    delivery = Delivery.objects.get(subscriber=subscriber)
    mailbox = killed_and_restarted(
        settings, point, RowLock(delivery.pk, table="newsletter_delivery"),
        held=lambda: Delivery.objects.get(pk=delivery.pk).state == "pending",
        sent=lambda: Delivery.objects.get(pk=delivery.pk).state == "sent",
        NEWSLETTER_SEND_CLAIM_SECONDS="3",
    )  # fmt: skip
    assert len(mailbox.messages) == emails
    assert {email["Message-ID"] for email in mailbox.messages} == {delivery.message_id}
