"""Signing up from the site's pages, confirming by email, and the sign-up form's defences."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from newsletter.models import Subscriber
from tests.mailserver import run_worker

pytestmark = pytest.mark.django_db

FORM_PAGES = ["/newsletter/", "/articles/", "/articles/the-cryptic-ledger/"]


@pytest.fixture
def sign_up(client, committed):
    def post(email="reader@example.com", **fields):
        return committed(
            client.post,
            "/newsletter/subscribe/",
            {"email": email, "website": "", "source": "/articles/", **fields},
            HTTP_SEC_FETCH_SITE="same-origin",
        )

    return post


def confirmation_link(message):
    return re.search(
        r"https?://\S+/newsletter/confirm/\S+/", message.get_body(("plain",)).get_content()
    )[0]


@pytest.mark.parametrize("path", FORM_PAGES)
def test_pages_with_the_form_stay_the_same_for_every_visitor(client, content, path):
    response = client.get(path)
    body = response.content.decode()
    assert 'action="/newsletter/subscribe/"' in body
    assert "csrfmiddlewaretoken" not in body and not response.cookies
    assert "public" in response["Cache-Control"]
    assert "Only your email address is kept" in body  # what is stored, and why


def test_a_sign_up_is_confirmed_by_the_link_emailed_and_nothing_else_is_sent(
    client, mailbox, sign_up
):
    response = sign_up("Reader@Example.com ")
    assert response.status_code == 302 and response["Location"] == "/newsletter/check-your-inbox/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com"
    assert subscriber.status == "pending" and subscriber.source == "/articles/"
    run_worker()
    (message,) = mailbox.messages
    assert message["To"] == "reader@example.com"
    link = confirmation_link(message)
    assert client.get(link.split("portfolio.example")[1]).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at is not None


def test_subscribing_again_is_harmless_and_sends_no_flood(client, mailbox, sign_up):
    sign_up()
    sign_up()
    run_worker()
    assert len(mailbox.messages) == 1  # not sent again within NEWSLETTER_RESEND_MINUTES
    page = client.get("/newsletter/check-your-inbox/").content.decode()
    assert "Subscribing again is harmless" in page
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        sign_up()
        run_worker()
    assert len(mailbox.messages) == 2
    Subscriber.objects.update(status="confirmed")
    sign_up()
    run_worker()
    assert len(mailbox.messages) == 2 and Subscriber.objects.get().status == "confirmed"


def test_an_expired_or_forged_link_is_refused(client, mailbox, sign_up):
    sign_up()
    run_worker()
    link = confirmation_link(mailbox.messages[0]).split("portfolio.example")[1]
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        expired = client.get(link)
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    forged_token = signing.dumps("reader@example.com", salt="another purpose")
    forged = client.get(f"/newsletter/confirm/{forged_token}/")
    assert forged.status_code == 400 and "not valid" in forged.content.decode()
    assert Subscriber.objects.get().status == "pending"


def test_a_bot_filling_the_hidden_field_is_told_it_worked_and_nothing_happens(
    client, mailbox, sign_up
):
    response = sign_up(website="https://spam.example")
    assert response.status_code == 302
    run_worker()
    assert not Subscriber.objects.exists() and mailbox.messages == []


def test_a_cross_site_post_is_refused(client, sign_up):
    assert sign_up().status_code == 302
    Subscriber.objects.all().delete()
    cross_site = client.post(
        "/newsletter/subscribe/", {"email": "victim@example.com"}, HTTP_SEC_FETCH_SITE="cross-site"
    )
    other_origin = client.post(
        "/newsletter/subscribe/",
        {"email": "victim@example.com"},
        HTTP_ORIGIN="https://evil.example",
    )
    assert cross_site.status_code == other_origin.status_code == 403
    assert not Subscriber.objects.exists()


def test_an_address_that_is_not_one_is_a_form_error(client, sign_up):
    response = sign_up("not an address")
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_rate_limit_counts_sign_ups_per_address(client, settings, sign_up):
    settings.NEWSLETTER_RATE_LIMIT = "2/h"
    assert sign_up("a@example.com").status_code == 302
    assert sign_up("b@example.com").status_code == 302
    limited = sign_up("c@example.com")
    assert limited.status_code == 429 and "Retry-After" in limited
    assert Subscriber.objects.count() == 2


def test_unconfirmed_sign_ups_are_deleted_after_a_week(client, sign_up):
    from newsletter.subscriptions import purge_unconfirmed

    sign_up("old@example.com")
    Subscriber.objects.update(created_at=timezone.now() - timedelta(days=8))
    sign_up("new@example.com")
    assert purge_unconfirmed() == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["new@example.com"]
