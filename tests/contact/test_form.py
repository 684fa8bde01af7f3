"""The contact form: what a visitor sees, the errors beside the fields, and what is stored."""

import pytest
from django.test import Client
from django.urls import reverse

from contact.models import ContactMessage
from tests.helpers import page_text
from tests.mailserver import filled_in

pytestmark = pytest.mark.django_db

URL = "/contact/"
BAD_EMAIL = "That email address doesn't look right; please check it."


def test_contact_page_and_thank_you_page(client, content):
    assert "Get in touch" in page_text(client.get(reverse("contact:form")))
    thanks = page_text(client.get(reverse("contact:thanks")))
    assert "I typically respond within 24 hours" in thanks


def test_a_valid_message_is_stored_and_the_visitor_thanked(client):
    response = client.post(URL, filled_in())
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("contact:thanks")
    stored = ContactMessage.objects.get()
    assert (stored.name, stored.email, stored.company) == (
        "Grace Hopper",
        "grace@example.com",
        "Navy",
    )
    assert stored.message == "Could we talk about a backend contract?"
    assert stored.status == ContactMessage.Status.NEW
    assert stored.delivery == ContactMessage.Delivery.PENDING


def test_company_is_optional(client):
    assert client.post(URL, filled_in(company="")).status_code == 302
    assert ContactMessage.objects.get().company == ""


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Please tell me your name."),
        ("email", "", "Please give an email address so I can reply."),
        ("email", "grace@", BAD_EMAIL),
        ("email", "grace@example", BAD_EMAIL),
        ("message", "   ", "Please write a message."),
        ("name", "x" * 101, "Ensure this value has at most 100 characters (it has 101)."),
        ("message", "x" * 5001, "Ensure this value has at most 5000 characters (it has 5001)."),
        ("name", "Grace\nBcc: victim@example.com", "Please write your name on one line."),
        ("name", "Grace\rHopper", "Please write your name on one line."),
        ("company", "Navy\nBcc: x@example.com", "Please write the company name on one line."),
        ("email", '"a\nb"@example.com', BAD_EMAIL),
        (
            "email",
            '"a\x0bb"@example.com',
            BAD_EMAIL,
        ),
        ("message", "Hello\x00world", "Null characters are not allowed."),
        ("name", "Grace\x00", "Null characters are not allowed."),
    ],
)
def test_invalid_message_shows_the_error_beside_the_field_and_keeps_the_text(
    client, field, value, error
):
    response = client.post(URL, filled_in(**{field: value}))
    assert response.status_code == 200
    body = response.content.decode()
    assert error in page_text(response)
    assert f'id="id_{field}_error"' in body
    assert 'aria-invalid="true"' in body
    # What the visitor wrote in the other fields is still there.
    assert "Could we talk about a backend contract?" in body or field == "message"
    assert 'value="grace@example.com"' in body or field == "email"
    assert ContactMessage.objects.count() == 0


def test_errors_are_summarised_at_the_top_with_links_to_the_fields(client):
    response = client.post(URL, filled_in(name="", email="grace@"))
    body = response.content.decode()
    summary = body.split('class="notice notice--error error-summary"')[1].split("</div>")[0]
    assert "autofocus" in summary
    assert 'href="#id_name"' in summary and 'href="#id_email"' in summary
    assert "<title>Error: " in body


def test_maximum_lengths_are_shown_in_the_form(client):
    body = client.get(URL).content.decode()
    assert 'maxlength="100"' in body and 'maxlength="254"' in body
    assert 'maxlength="5000"' in body
    assert "Up to 5,000 characters." in page_text(client.get(URL))


def test_the_form_says_how_the_data_is_used(client, settings):
    settings.CONTACT_KEEP_DAYS = 180
    assert "are used only to reply to you" in page_text(client.get(URL))
    assert "deleted after 180 days" in page_text(client.get(URL))


@pytest.mark.parametrize(
    "name",
    ["Zoë Ångström-Ñúñez", "王秀英", "محمد الأحمد", "Ayşe 👩🏽‍💻", "Nguyễn Thị Minh Khai"],
)
def test_unicode_names_and_messages_are_stored_exactly(client, name):
    message = f"Bonjour — こんにちは — שלום 🚀\n\nSecond paragraph from {name}."
    assert client.post(URL, filled_in(name=name, message=message)).status_code == 302
    stored = ContactMessage.objects.get()
    assert (stored.name, stored.message) == (name, message)


def test_what_the_visitor_typed_is_shown_back_escaped(client):
    response = client.post(URL, filled_in(name="<script>alert(1)</script>", email="bad"))
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_hidden_fields_sent_back_are_escaped(client):
    sent = '"><script>alert(1)</script>'
    response = client.post(URL, filled_in(email="bad", key=sent, shown_at=sent))
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert 'name="key" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in body


def test_labels_have_no_trailing_colon(client):
    assert '<label for="id_name">Name</label>' in client.get(URL).content.decode()


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405


def test_an_expired_form_comes_back_filled_in(db):
    response = Client(enforce_csrf_checks=True).post(URL, filled_in())
    assert response.status_code == 403
    assert "the page had expired" in page_text(response)
    body = response.content.decode()
    assert "Could we talk about a backend contract?" in body
    assert 'value="grace@example.com"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert ContactMessage.objects.count() == 0


@pytest.mark.parametrize("blank_form_first", [False, True])
def test_what_an_expired_form_gives_back_is_shown_to_its_sender_alone(db, blank_form_first):
    if blank_form_first:
        Client().get(URL)
    expired = Client(enforce_csrf_checks=True).post(URL, filled_in()).content.decode()
    assert 'value="grace@example.com"' in expired
    for page in [URL, "/"]:
        assert "grace@example.com" not in Client().get(page).content.decode()
