"""Bots, floods and double submits: stored or refused, never emailed, honest mail untouched."""

import re
import time

import pytest
from django.conf import settings

from contact.forms import fill_token
from contact.models import ContactMessage
from tests.helpers import page_text, run_on_test_database
from tests.mailserver import filled_in, run_worker

pytestmark = pytest.mark.django_db

URL = "/contact/"


@pytest.fixture
def posted(client, django_capture_on_commit_callbacks):
    def post(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data, **extra)

    return post


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"website": "https://cheap-pills.example"}, "The hidden field was filled in."),
        ({"shown_at": "just now"}, "Sent "),  # "Sent 0.4 s after the form was shown."
        ({"shown_at": "1700000000:forged"}, "The form's time stamp was missing or altered."),
        ({"shown_at": ""}, "The form's time stamp was missing or altered."),
    ],
)
def test_bots_are_thanked_and_stored_as_spam_but_never_emailed(posted, mailbox, fields, reason):
    if fields.get("shown_at") == "just now":
        fields = {"shown_at": fill_token(time.time())}
    response = posted(filled_in(**fields))
    assert response.status_code == 302  # the same thank-you page as a person's
    stored = ContactMessage.objects.get()
    assert stored.status == ContactMessage.Status.SPAM
    assert stored.delivery == ContactMessage.Delivery.WITHHELD
    assert stored.spam_reason.startswith(reason)
    run_worker()
    assert mailbox.messages == []


def test_the_honeypot_is_hidden_from_people(client):
    body = client.get(URL).content.decode()
    trap = body.split('class="field field--trap"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in body.split('class="field field--trap"')[1][:30]
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap


def test_a_double_submit_makes_one_message_and_one_email(posted, mailbox):
    data = filled_in()
    assert posted(data).status_code == 302
    assert posted(data).status_code == 302  # double click, reload, or back and resend
    assert ContactMessage.objects.count() == 1
    run_worker()
    assert len(mailbox.messages) == 1


def test_two_copies_of_the_form_never_share_a_key(client):
    first, second = (hidden_value(client.get(URL), "key") for _ in range(2))
    assert first and second and first != second


def hidden_value(response, name):
    return re.search(rf'name="{name}" value="([^"]*)"', response.content.decode()).group(1)


def test_two_visitors_each_get_their_message_through(client, posted, mailbox):
    posted(filled_in(email="first@example.com"))
    posted(filled_in(email="second@example.com"))
    run_worker()
    assert sorted(email["Reply-To"].addresses[0].addr_spec for email in mailbox.messages) == [
        "first@example.com",
        "second@example.com",
    ]


def test_over_the_rate_limit_the_visitor_gets_a_429_with_their_text(posted, settings):
    settings.CONTACT_RATE_LIMIT = "3/h"
    for number in range(3):
        assert posted(filled_in(email=f"v{number}@example.com")).status_code == 302
    response = posted(filled_in(message="My fourth message, kept for me."))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "too many messages" in page_text(response)
    assert "My fourth message, kept for me." in response.content.decode()
    assert ContactMessage.objects.count() == 3


def test_the_same_message_sent_again_does_not_count_against_the_limit(posted, settings):
    settings.CONTACT_RATE_LIMIT = "2/h"
    copy = filled_in()
    for _ in range(4):  # a double click, a reload, back and send again
        assert posted(copy).status_code == 302
    assert ContactMessage.objects.count() == 1
    assert posted(filled_in(email="another@example.com")).status_code == 302
    assert posted(filled_in(email="a-third@example.com")).status_code == 429


def test_the_rate_limit_counts_per_client_address(posted, settings):
    settings.CONTACT_RATE_LIMIT = "1/h"
    assert posted(filled_in(), REMOTE_ADDR="192.0.2.1").status_code == 302
    assert posted(filled_in(), REMOTE_ADDR="192.0.2.1").status_code == 429
    assert posted(filled_in(), REMOTE_ADDR="192.0.2.2").status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_limit(posted, settings):
    settings.CONTACT_RATE_LIMIT, settings.TRUSTED_PROXY_COUNT = "1/h", 0
    assert posted(filled_in(), HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302
    assert posted(filled_in(), HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(posted, settings):
    settings.CONTACT_RATE_LIMIT, settings.TRUSTED_PROXY_COUNT = "1/h", 1
    # The client wrote the first address; the proxy appended the second, the real one.
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.1"}
    assert posted(filled_in(), **forwarded).status_code == 302
    assert posted(filled_in(), HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.1").status_code == 429
    assert posted(filled_in(), HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.2").status_code == 302


def test_a_request_body_over_the_limit_gets_a_400_page(client):
    response = client.post(URL, filled_in(message="x" * (settings.CONTACT_MAX_BODY_BYTES + 1)))
    assert response.status_code == 400
    assert "This request could not be read" in page_text(response)
    assert ContactMessage.objects.count() == 0


def test_a_malformed_body_gets_a_400_page(client):
    response = client.generic(
        "POST", URL, b"--x\r\nbroken", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_the_rate_limit_holds_across_processes_sharing_redis(settings, client, redis_cache):
    url = redis_cache
    settings.CONTACT_RATE_LIMIT = "3/h"
    assert client.post(URL, filled_in(email="here@example.com")).status_code == 302
    script = (
        "import django, sys; django.setup(); from django.test import Client; "
        "from tests.mailserver import filled_in; "
        "codes = [Client().post('/contact/', filled_in(email=f'there{n}@example.com'))"
        ".status_code for n in range(2)]; print(codes)"
    )
    other_output = run_on_test_database(
        script,
        CACHE_URL=url,
        CONTACT_RATE_LIMIT="3/h",
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
    )
    assert other_output.strip() == "[302, 302]"
    # Three messages from this address in two processes: the fourth is refused here.
    assert client.post(URL, filled_in(email="again@example.com")).status_code == 429
    assert ContactMessage.objects.count() == 3
