"""Each new article reaches every confirmed subscriber exactly once, through the worker and a
real SMTP server, with the headers mail providers need for one-click unsubscribe."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from newsletter.models import Delivery, Mailing, SendingSettings, Subscriber
from tests.factories import make_article
from tests.mailserver import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribers(db):
    Subscriber.objects.create(email="ada@example.com", status="confirmed")
    Subscriber.objects.create(email="grace@example.com", status="confirmed")
    Subscriber.objects.create(email="pending@example.com")  # never confirmed
    return Subscriber.objects.confirmed()


def publish(committed, **fields):
    return committed(make_article, **{"published_at": timezone.now(), **fields})


def received(mailbox):
    return sorted(message["To"] for message in mailbox.messages)


def test_a_published_article_is_emailed_once_to_each_confirmed_subscriber(
    committed, mailbox, subscribers
):
    article = publish(committed, title="Queues in practice", summary="Why queues back up.")
    run_worker()
    assert received(mailbox) == ["ada@example.com", "grace@example.com"]
    email = mailbox.messages[0]
    assert email["Subject"] == "Queues in practice"
    assert email.get_body(("plain",)).get_content().count("Why queues back up.") == 1
    assert "Why queues back up." in email.get_body(("html",)).get_content()
    assert (
        f"https://portfolio.example/articles/{article.slug}/"
        in email.get_body(("plain",)).get_content()
    )
    subscriber = Subscriber.objects.get(email=email["To"])
    unsubscribe = f"https://portfolio.example/newsletter/unsubscribe/{subscriber.token}/"
    # Unfolded, as mail providers read it.
    assert email["List-Unsubscribe"].strip().startswith(f"<{unsubscribe}>, <mailto:")
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email["List-Id"].endswith("<articles.portfolio.example>")
    delivery = Delivery.objects.get(subscriber=subscriber)
    assert email["Message-ID"] == delivery.message_id and delivery.state == "sent"

    # Edited, unpublished and published again: not sent again.
    article.summary = "Edited."
    committed(article.save)
    article.status = Article.Status.DRAFT
    committed(article.save)
    article.status = Article.Status.PUBLISHED
    committed(article.save)
    run_worker()
    assert len(mailbox.messages) == 2


def test_the_full_text_is_sent_when_the_owner_chooses_it(committed, mailbox, subscribers):
    SendingSettings.objects.create(pk=1, full_text=True)
    publish(committed, body="## Part one\n\nThe whole text of the article.\n")
    run_worker()
    email = mailbox.messages[0]
    assert "The whole text of the article." in email.get_body(("plain",)).get_content()
    assert "<h2" in email.get_body(("html",)).get_content()


def test_a_scheduled_article_is_emailed_at_its_time(committed, mailbox, subscribers):
    due = timezone.now() + timedelta(hours=3)
    article = publish(committed, published_at=due)
    run_worker()
    assert mailbox.messages == [] and not Mailing.objects.filter(article=article).exists()
    with time_machine.travel(due + timedelta(seconds=1)):
        run_worker()
    assert received(mailbox) == ["ada@example.com", "grace@example.com"]


def test_a_bulk_publication_from_the_admin_is_emailed(
    staff_client, committed, mailbox, subscribers
):
    article = make_article(status=Article.Status.DRAFT)
    committed(
        staff_client.post,
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [article.pk]},
    )
    run_worker()
    assert received(mailbox) == ["ada@example.com", "grace@example.com"]


def test_one_click_unsubscribe_stops_the_next_article(client, committed, mailbox, subscribers):
    ada = Subscriber.objects.get(email="ada@example.com")
    page = client.get(f"/newsletter/unsubscribe/{ada.token}/")
    assert page.status_code == 200 and "<button" in page.content.decode()
    # As a mail provider posts it (RFC 8058): no cookie, no CSRF token.
    response = client.post(
        f"/newsletter/unsubscribe/{ada.token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="ada@example.com").exists()  # deleted at once
    publish(committed)
    run_worker()
    assert received(mailbox) == ["grace@example.com"]
    again = client.post(f"/newsletter/unsubscribe/{ada.token}/")
    assert again.status_code == 200


def test_emails_go_out_in_batches_under_the_rate(committed, mailbox, subscribers, settings):
    settings.NEWSLETTER_RATE = 1
    started = timezone.now()
    publish(committed)
    run_worker()
    assert len(mailbox.messages) == 1
    with time_machine.travel(started + timedelta(seconds=61)):
        run_worker()
    assert len(mailbox.messages) == 2


def test_paused_sending_waits_and_goes_out_when_resumed(
    staff_client, committed, mailbox, subscribers
):
    SendingSettings.objects.create(pk=1, paused=True)
    publish(committed)
    run_worker()
    assert mailbox.messages == []
    committed(staff_client.post, "/admin/newsletter/sendingsettings/1/change/", {"full_text": "on"})
    run_worker()
    assert received(mailbox) == ["ada@example.com", "grace@example.com"]


def test_a_mail_server_that_refuses_is_tried_again_later(committed, refusing_mailbox, subscribers):
    publish(committed)
    run_worker()
    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}
    failed = Delivery.objects.exclude(last_error="").get()
    assert failed.next_attempt_at > timezone.now()
