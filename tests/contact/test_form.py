"""The contact form: stored first, mailed after commit, errors beside the fields."""

import socket
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contact.models import ContactMessage
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


VALID = {
    "name": "Grace Hopper",
    "email": "grace@example.com",
    "company": "Navy",
    "message": "Could we talk about a backend contract?",
}


def test_valid_message_is_stored_mailed_and_redirects_to_thanks(
    client, content, django_capture_on_commit_callbacks, settings
):
    settings.CONTACT_RECIPIENTS = ["owner@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact:form"), VALID)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("contact:thanks")

    stored = ContactMessage.objects.get()
    assert (stored.name, stored.email, stored.company) == (
        "Grace Hopper",
        "grace@example.com",
        "Navy",
    )
    assert stored.sent_at is not None and stored.send_attempts == 1

    [email] = mail.outbox
    assert email.to == ["owner@example.com"]
    assert email.reply_to == ["grace@example.com"]
    assert "Could we talk about a backend contract?" in email.body
    assert "Grace Hopper (Navy) <grace@example.com>" in email.body


def test_no_mail_is_sent_before_the_message_is_committed(client, content):
    # Without running on-commit callbacks the request's transaction never "commits".
    client.post(reverse("contact:form"), VALID)
    assert ContactMessage.objects.count() == 1
    assert mail.outbox == []


def test_company_is_optional(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact:form"), {**VALID, "company": ""})
    assert response.status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Please tell me your name."),
        ("email", "", "Please give an email address so I can reply."),
        ("email", "grace@", "That email address doesn't look right; please check it."),
        ("message", "   ", "Please write a message."),
        ("name", "x" * 101, "Ensure this value has at most 100 characters (it has 101)."),
    ],
)
def test_invalid_message_shows_the_error_beside_the_field_and_keeps_the_text(
    client, content, field, value, error
):
    response = client.post(reverse("contact:form"), {**VALID, field: value})
    assert response.status_code == 200
    body = response.content.decode()
    assert error in page_text(response)
    assert f'id="id_{field}_error"' in body
    assert f'aria-describedby="id_{field}_error"' in body
    assert 'aria-invalid="true"' in body
    # What the visitor wrote in the other fields is still there.
    assert "Could we talk about a backend contract?" in body or field == "message"
    assert 'value="grace@example.com"' in body or field == "email"
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


def test_a_mail_server_that_is_down_loses_nothing(
    client, content, django_capture_on_commit_callbacks, settings
):
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact:form"), VALID)

    assert response.status_code == 302
    stored = ContactMessage.objects.get()
    assert stored.sent_at is None
    assert stored.send_attempts == 1
    assert "ConnectionRefusedError" in stored.last_error


def test_other_methods_are_refused(client):
    assert client.put(reverse("contact:form")).status_code == 405


def test_messages_that_failed_are_sent_by_the_retry_command(
    client, django_capture_on_commit_callbacks, settings
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contact:form"), VALID)
    call_command("send_contact_messages", stdout=StringIO())
    assert ContactMessage.objects.get().send_attempts == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # mail is back
    out = StringIO()
    call_command("send_contact_messages", stdout=out)
    assert out.getvalue().strip() == "1 sent, 0 still waiting."
    stored = ContactMessage.objects.get()
    assert stored.sent_at is not None and stored.last_error == ""
    assert len(mail.outbox) == 1

    call_command("send_contact_messages", stdout=StringIO())
    assert len(mail.outbox) == 1  # never sent twice


def test_a_message_being_sent_is_not_sent_again_by_a_retry(client, settings):
    client.post(reverse("contact:form"), VALID)  # stored; on-commit send not run here
    stored = ContactMessage.objects.get()
    # Another sender has claimed it and is talking to the mail server right now.
    ContactMessage.objects.filter(pk=stored.pk).update(
        sending_until=timezone.now() + timedelta(minutes=1)
    )
    call_command("send_contact_messages", stdout=StringIO())
    assert mail.outbox == []
    # A claim left behind by a crashed sender expires, and the message goes out.
    ContactMessage.objects.filter(pk=stored.pk).update(
        sending_until=timezone.now() - timedelta(seconds=1)
    )
    call_command("send_contact_messages", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_an_empty_post_shows_the_required_field_errors(client, db):
    response = client.post(reverse("contact:form"), {})
    assert "Please tell me your name." in page_text(response)
    assert ContactMessage.objects.count() == 0


def test_control_characters_in_the_email_address_are_refused(client, db):
    response = client.post(reverse("contact:form"), {**VALID, "email": '"a\x0bb"@example.com'})
    assert "That email address doesn't look right" in page_text(response)
    assert ContactMessage.objects.count() == 0


def test_an_expired_form_comes_back_filled_in(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("contact:form"), VALID)
    assert response.status_code == 403
    text = page_text(response)
    assert "the page had expired" in text
    body = response.content.decode()
    assert "Could we talk about a backend contract?" in body
    assert 'value="grace@example.com"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert ContactMessage.objects.count() == 0


def test_contact_page_and_thank_you_page(client, content):
    assert "Get in touch" in page_text(client.get(reverse("contact:form")))
    thanks = page_text(client.get(reverse("contact:thanks")))
    assert "I typically respond within 24 hours" in thanks
