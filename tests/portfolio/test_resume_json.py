"""/resume.json: the résumé as JSON Resume, valid against the schema shipped with the site."""

import json
from datetime import date

import jsonschema
import pytest
from django.conf import settings

from owner.models import Profile
from tests.factories import make_testimonial

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (settings.BASE_DIR / "portfolio" / "schemas" / "resume-1.2.1.schema.json").read_text()
)


def resume(client):
    response = client.get("/resume.json")
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_resume_validates_against_the_json_resume_schema(client):
    jsonschema.validate(resume(client), SCHEMA, format_checker=jsonschema.FormatChecker())


def test_it_says_what_the_pages_say(client):
    data = resume(client)
    assert data["basics"]["name"] == "Kunal"
    assert data["basics"]["profiles"] == []  # no link the owner has not given
    assert "email" not in data["basics"]
    [deloitte] = [job for job in data["work"] if job["name"] == "Deloitte USI"]
    assert deloitte["startDate"] == "2023-10" and "endDate" not in deloitte
    assert any(
        h.startswith("Latency Optimization: Cut API response time") for h in deloitte["highlights"]
    )
    assert {group["name"] for group in data["skills"]} >= {"Primary Stack", "Practices"}
    assert "APIEngine" in [project["name"] for project in data["projects"]]
    assert "How I Designed a Rate Limiter from Scratch" in [p["name"] for p in data["publications"]]
    assert "Vamsi Battula, Software Engineer, Deloitte" in [r["name"] for r in data["references"]]


def test_only_approved_testimonials_are_references(client):
    make_testimonial(author="Unasked Colleague", is_approved=False)
    assert "Unasked Colleague" not in json.dumps(resume(client))


def test_availability_is_in_the_resume_until_its_date(client):
    profile = Profile.objects.get()
    profile.available_until, profile.available_for = date(2999, 1, 1), "backend contracts"
    profile.save()
    assert resume(client)["meta"] == {
        "availability": "backend contracts",
        "availableUntil": "2999-01-01",
    }
    profile.available_until = date(2000, 1, 1)
    profile.save()
    assert "meta" not in resume(client)


def test_every_page_links_to_it(client):
    head = client.get("/projects/").content.decode().split("</head>")[0]
    assert 'rel="alternate" type="application/json"' in head and 'href="/resume.json"' in head


def test_it_reads_each_kind_of_row_once(client, django_assert_num_queries):
    for number in range(30):
        make_testimonial(author=f"Colleague {number}")
    # The profile and links, roles, their highlights, skills, projects, articles, testimonials;
    # none per row.
    with django_assert_num_queries(8):
        client.get("/resume.json")


def test_the_resume_page_shows_the_same_facts(client):
    from tests.helpers import page_text

    text = page_text(client.get("/cv/"))
    for fact in [
        "Kunal",
        "I build scalable backends & write content that ranks.",
        "Associate Engineer — Backend, Deloitte USI",
        "Oct 2023 – Present",
        "Latency Optimization:",
        "Django REST Framework",
        "APIEngine",
        "How I Designed a Rate Limiter from Scratch",
        "Save as PDF",
    ]:
        assert fact in text, fact
    assert 'href="/cv/"' in client.get("/").content.decode()  # linked from the hero
