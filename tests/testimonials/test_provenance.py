"""Testimonials say where they come from, and only approved ones are shown."""

from datetime import date

import pytest

from testimonials.models import Testimonial
from tests.factories import make_testimonial
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_only_approved_testimonials_are_shown(client):
    make_testimonial(author="Approved Colleague")
    make_testimonial(author="Unasked Colleague", is_approved=False)
    text = page_text(client.get("/"))
    assert "Approved Colleague" in text
    assert "Unasked Colleague" not in text


def test_a_testimonial_added_in_the_admin_waits_for_approval():
    assert Testimonial._meta.get_field("is_approved").default is False


def test_the_shipped_testimonials_are_approved():
    assert Testimonial.objects.count() == Testimonial.objects.filter(is_approved=True).count() > 0


def test_provenance_is_shown_with_the_quote(client):
    make_testimonial(
        author="Ada Lovelace",
        relationship="worked together at the Engine",
        given_on=date(2024, 5, 1),
        source_url="https://recommendations.example/ada",
    )
    response = client.get("/")
    assert "Worked together at the Engine · May 2024 · Original" in page_text(response)
    assert b'href="https://recommendations.example/ada"' in response.content
