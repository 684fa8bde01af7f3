"""The owner's side of the newsletter: subscribers, their export, the count on the desk, a test
of an article sent to themself, and each mailing's progress."""

import csv
import io

import pytest
from django.conf import settings

from newsletter.models import Subscriber
from tests.factories import make_article
from tests.mailserver import run_worker

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture
def subscribers(db):
    Subscriber.objects.create(email="ada@example.com", status="confirmed", source="/articles/")
    Subscriber.objects.create(email="pending@example.com", source="/newsletter/")


def test_subscribers_are_listed_with_their_status_dates_and_source(staff_client, subscribers):
    page = staff_client.get(f"{ADMIN}newsletter/subscriber/").content.decode()
    assert "ada@example.com" in page and "Waiting for confirmation" in page and "/articles/" in page


def test_subscribers_are_exported_as_csv(staff_client, subscribers):
    response = staff_client.post(
        f"{ADMIN}newsletter/subscriber/",
        {
            "action": "export_csv",
            "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["email", "status", "signed up", "confirmed", "source"]
    assert sorted(row[0] for row in rows[1:]) == ["ada@example.com", "pending@example.com"]


def test_the_desk_counts_confirmed_subscribers(staff_client, subscribers):
    assert "1 confirmed newsletter subscriber." in staff_client.get(ADMIN).content.decode()


def test_the_owner_sends_a_draft_to_themself_and_to_no_subscriber(
    staff_client, subscribers, mailbox, django_user_model
):
    django_user_model.objects.filter(username="owner").update(email="owner@example.com")
    draft = make_article(status="draft", title="Not out yet")
    change = staff_client.get(f"{ADMIN}articles/article/{draft.pk}/change/").content.decode()
    send_test = f"{ADMIN}newsletter/subscriber/send-test/{draft.pk}/"
    assert send_test in change
    assert "Not out yet" in staff_client.get(send_test).content.decode()
    assert staff_client.post(send_test).status_code == 302
    run_worker()
    (email,) = mailbox.messages
    assert email["To"] == "owner@example.com" and email["Subject"] == "Not out yet"
    assert "List-Unsubscribe" not in email


def test_each_mailing_shows_what_was_sent(staff_client, subscribers, committed, mailbox):
    committed(make_article, title="Out now")
    run_worker()
    page = staff_client.get(f"{ADMIN}newsletter/mailing/").content.decode()
    assert "Out now" in page


def test_the_pause_switch_is_one_page(staff_client):
    response = staff_client.get(f"{ADMIN}newsletter/sendingsettings/")
    assert response.status_code == 302
    assert (
        "While on, no article is emailed" in staff_client.get(response["Location"]).content.decode()
    )
