"""The home page: every section of the owner's content, in order, and only what is public."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from articles.models import Article
from owner.models import Profile, SocialLink
from tests.factories import make_role, make_skill_group, make_testimonial
from tests.helpers import SITE, json_ld, page_text
from web.cache import content_changed

pytestmark = pytest.mark.django_db


HOME_SECTIONS_IN_ORDER = [
    "Available for freelance & collaboration",
    "I build scalable backends & write content that ranks.",
    "Years Experience",
    "Engineer by trade. Writer by craft.",
    "Where I've worked",
    "Trusted by engineers and AI leaders",
    "Technical toolkit",
    "Projects that shipped",
    "Technical writing that ranks",
    "Published externally",
    "Available for backend engineering contracts and technical writing.",
    "Get in touch",
]


def test_home_shows_every_section_in_the_seed_order(client, content):
    text = page_text(client.get("/"))
    positions = [text.find(heading) for heading in HOME_SECTIONS_IN_ORDER]
    assert -1 not in positions, [
        h for h, p in zip(HOME_SECTIONS_IN_ORDER, positions, strict=True) if p == -1
    ]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "seed_text",
    [
        "Backend developer and technical writer helping companies ship reliable systems and "
        "publish content that drives organic growth.",
        "Years Experience 3+",
        "Articles Published 100+",
        "I'm a backend engineer at Deloitte building async data pipelines that process 20M+ "
        "records/day on GCP",
        "My stack is Python — Django, FastAPI, DRF — with Celery, Redis, PostgreSQL",
        "Deloitte USI Oct 2023 – Present Gurugram, India Associate Engineer — Backend",
        "Jan 2023 – Jun 2023",
        "Latency Optimization: Cut API response time by 35% by eliminating N+1 query patterns",
        "refactoring O(n²) list-intersection logic to O(n) hash-set lookups",
        "(p95 < 200ms)",
        "Backend Engineering · Deloitte",
        "AI & Technical Writing · Unite.AI",
        "Vamsi Battula Software Engineer, Deloitte",
        "Antoine Tardiff Forbes Business Council",
        "Secondary / Polyglot",
        "Django REST Framework",
        "failure-aware Dijkstra routing [O((V+E) log V)]",
        "250K+ API calls/user/month.",
        "How I Designed a Rate Limiter from Scratch",
        "System Design · 8 min read",
        "Selected articles from Unite.AI and getint.io — covering AI/ML research",
        "Drop me a message — I typically respond within 24 hours.",
    ],
)
def test_home_shows_seed_text_exactly(client, content, seed_text):
    assert seed_text in page_text(client.get("/"))


def test_home_hides_links_the_owner_has_not_given(client, content):
    response = client.get("/")
    assert b'rel="me' not in response.content
    assert "LinkedIn" not in page_text(response)
    assert "View all 100+ articles on Unite.AI" not in page_text(response)


def test_home_page_describes_the_owner_as_a_profile_page(client, content):
    [data] = json_ld(client.get("/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Kunal"
    assert "sameAs" not in person  # no profile link has been given


def test_unpublished_testimonial_is_hidden(client, db):
    make_testimonial(author="Shown Colleague")
    make_testimonial(author="Hidden Colleague", is_published=False)
    text = page_text(client.get("/"))
    assert "Shown Colleague" in text
    assert "Hidden Colleague" not in text


def test_unpublished_role_is_hidden(client, db):
    make_role(organisation="Shown Works", highlights=["Built the loom"])
    make_role(organisation="Hidden Works", is_published=False)
    text = page_text(client.get("/"))
    assert "Shown Works" in text and "Built the loom" in text
    assert "Hidden Works" not in text


def test_toolkit_lists_each_group_with_its_skills(client, db):
    make_skill_group(name="Looms", skills=["Jacquard", "Punched cards"])
    assert "Looms Jacquard Punched cards" in page_text(client.get("/"))


def test_social_link_appears_once_its_url_is_set(client, content):
    SocialLink.objects.filter(label="GitHub").update(url="https://github.example/owner")
    body = client.get("/").content.decode()
    assert 'href="https://github.example/owner"' in body
    assert "LinkedIn" not in page_text(client.get("/"))


def test_the_person_names_employer_skills_and_writing(client, db):
    make_role(organisation="Current Works", end_date=None)
    make_role(organisation="Former Works", end_date=date(2020, 6, 1))
    make_skill_group(name="Looms", skills=["Jacquard"])
    [data] = json_ld(client.get("/"))
    person = data["mainEntity"]
    employers = [organisation["name"] for organisation in person["worksFor"]]
    assert "Current Works" in employers and "Former Works" not in employers
    assert "Jacquard" in person["knowsAbout"]
    newest = Article.objects.published().first()
    [posting] = [part for part in data["hasPart"] if part["headline"] == newest.title]
    assert posting["author"] == {"@id": person["@id"]}
    # Every article page's BlogPosting names the same Person.
    [article_posting, _] = json_ld(client.get(newest.get_absolute_url()))
    assert article_posting["author"]["@id"] == person["@id"]


def test_availability_ends_by_itself_at_its_date_cached_pages_included(client):
    Profile.objects.update(
        is_available=True, available_until=date(2027, 3, 31), available_for="backend contracts"
    )
    content_changed()
    with time_machine.travel(datetime(2027, 3, 31, 18, tzinfo=UTC), tick=False):
        text = page_text(client.get("/"))
        assert "Available for freelance & collaboration: backend contracts" in text
        assert "Available for backend engineering contracts and technical writing." in text
        [data] = json_ld(client.get("/"))
        assert data["mainEntity"]["seeks"]["validThrough"] == "2027-03-31"
    with time_machine.travel(datetime(2027, 4, 1, 0, 1, tzinfo=UTC), tick=False):
        text = page_text(client.get("/"))
        assert "Available for freelance" not in text
        assert "Not taking on new work at the moment" in text
        [data] = json_ld(client.get("/"))
        assert "seeks" not in data["mainEntity"]


def test_availability_switched_off_hides_the_badge(client):
    Profile.objects.update(is_available=False)
    content_changed()
    assert "Available for freelance" not in page_text(client.get("/"))


def test_the_person_has_the_owners_picture_once_set(client, db):
    from owner.models import Profile
    from tests.factories import make_image

    person = json_ld(client.get("/"))[0]["mainEntity"]
    assert "image" not in person
    picture = make_image(slug="the-owner")
    profile = Profile.load()
    profile.picture = picture
    profile.save()
    person = json_ld(client.get("/"))[0]["mainEntity"]
    assert person["image"]["@type"] == "ImageObject"
    assert person["image"]["url"] == f"{SITE}{picture.file.url}"
    assert (person["image"]["width"], person["image"]["height"]) == (picture.width, picture.height)
