"""The owner's inbox in the admin."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contact.models import ContactMessage
from tests.factories import make_message
from tests.mailserver import run_worker

pytestmark = pytest.mark.django_db

Status, Delivery = ContactMessage.Status, ContactMessage.Delivery
CHANGELIST = reverse("admin:contact_contactmessage_changelist")


def change_url(message):
    return reverse("admin:contact_contactmessage_change", args=[message.pk])


def act(staff_client, action, *messages):
    response = staff_client.post(
        CHANGELIST, {"action": action, "_selected_action": [message.pk for message in messages]}
    )
    assert response.status_code == 302
    for message in messages:
        message.refresh_from_db()


def test_the_inbox_lists_status_and_delivery(staff_client):
    make_message(name="Ada Lovelace", delivery=Delivery.FAILED)
    response = staff_client.get(CHANGELIST)
    text = response.content.decode()
    assert "Ada Lovelace" in text
    assert '<td class="field-status">New</td>' in text
    assert '<td class="field-delivery">Failed</td>' in text
    for name in ["status", "delivery"]:
        assert f"{name}__exact" in text  # a filter for each


def test_the_inbox_searches_messages(staff_client):
    make_message(name="Ada", message="About the analytical engine")
    make_message(name="Charles", message="About something else")
    text = staff_client.get(CHANGELIST, {"q": "analytical"}).content.decode()
    assert "Ada" in text and "Charles" not in text


def test_opening_a_message_marks_it_read(staff_client):
    message = make_message()
    assert staff_client.get(change_url(message)).status_code == 200
    message.refresh_from_db()
    assert message.status == Status.READ


def test_the_message_is_shown_escaped_with_a_reply_link(staff_client):
    message = make_message(
        name="Ada", email="ada@example.com", message="<script>alert(1)</script>\nSecond line"
    )
    body = staff_client.get(change_url(message)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in body
    assert 'href="mailto:ada@example.com?subject=Re%3A' in body
    assert "Reply by email to Ada" in body


@pytest.mark.parametrize(
    ("action", "status"),
    [("mark_read", Status.READ), ("mark_replied", Status.REPLIED), ("archive", Status.ARCHIVED)],
)
def test_status_actions(staff_client, action, status):
    first, second = make_message(), make_message()
    act(staff_client, action, first, second)
    assert first.status == second.status == status


def test_marking_spam_withholds_an_email_not_yet_sent(staff_client, mailbox):
    pending = make_message(next_attempt_at=timezone.now())
    sent = make_message(delivery=Delivery.SENT)
    act(staff_client, "mark_spam", pending, sent)
    assert (pending.status, pending.delivery) == (Status.SPAM, Delivery.WITHHELD)
    assert (sent.status, sent.delivery) == (Status.SPAM, Delivery.SENT)
    call_command("send_contact_messages", stdout=StringIO())
    assert mailbox.messages == []


def test_not_spam_moves_a_message_to_the_inbox_and_sends_it(
    staff_client, mailbox, django_capture_on_commit_callbacks
):
    message = make_message(
        status=Status.SPAM,
        delivery=Delivery.WITHHELD,
        spam_reason="The hidden field was filled in.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        act(staff_client, "mark_not_spam", message)
    assert (message.status, message.delivery, message.spam_reason) == (
        Status.NEW,
        Delivery.PENDING,
        "",
    )
    run_worker()
    assert len(mailbox.messages) == 1


def test_retry_delivery_sends_a_failed_message_now(
    staff_client, mailbox, django_capture_on_commit_callbacks
):
    message = make_message(delivery=Delivery.FAILED, send_attempts=10)
    with django_capture_on_commit_callbacks(execute=True):
        act(staff_client, "retry_delivery", message)
    run_worker()
    message.refresh_from_db()
    assert (message.delivery, message.send_attempts) == (Delivery.SENT, 1)
    assert len(mailbox.messages) == 1


def test_messages_cannot_be_added_in_the_admin(staff_client):
    assert staff_client.get(reverse("admin:contact_contactmessage_add")).status_code == 403


def test_purge_deletes_old_messages_and_spam_sooner(db):
    now = timezone.now()
    recent = make_message()
    old_spam = make_message(status=Status.SPAM)
    recent_spam = make_message(status=Status.SPAM)
    old = make_message()
    ContactMessage.objects.filter(pk=old_spam.pk).update(created_at=now - timedelta(days=40))
    ContactMessage.objects.filter(pk=recent_spam.pk).update(created_at=now - timedelta(days=5))
    ContactMessage.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=400))
    out = StringIO()
    call_command("purge_messages", "--older-than", "365", "--spam-older-than", "30", stdout=out)
    assert set(ContactMessage.objects.values_list("pk", flat=True)) == {recent.pk, recent_spam.pk}
    assert out.getvalue().strip() == (
        "2 deleted: 1 spam older than 30 days, 1 messages older than 365 days."
    )
