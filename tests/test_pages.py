"""Every public page answers and shows the owner's content exactly as written."""

import pytest
from django.urls import reverse

from tests.helpers import page_text

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


def test_project_list_and_case_studies(client, content):
    listing = page_text(client.get(reverse("projects:list")))
    assert "APIEngine" in listing and "MeshEngine" in listing

    response = client.get(reverse("projects:detail", kwargs={"slug": "meshengine"}))
    text = page_text(response)
    assert response.status_code == 200
    for part in [
        "Systems / Infrastructure",
        "Problem",
        "existing tools are either too RF-specific or too general",
        "Solution",
        "Failure-aware Dijkstra — DOWN nodes pruned before traversal, O((V+E) log V)",
        "WebSocket /ws/stream for live topology events",
        "Impact",
        "25 automated tests (unit + topology).",
    ]:
        assert part in text
    # No repository or live link until the owner sets one.
    assert "Source code" not in text and "Live site" not in text


def test_article_list_shows_every_seed_article(client, content):
    text = page_text(client.get(reverse("articles:list")))
    assert "Building a Rate Limiter in Pure Python — No Redis Required" in text
    assert "The Lifecycle of a Java Program: From Source Code to JVM Execution" in text
    assert "Page 1 of" not in text  # eleven articles fit on one page


def test_article_page_shows_title_summary_and_metadata(client, content):
    response = client.get(reverse("articles:detail", kwargs={"slug": "the-cryptic-ledger"}))
    text = page_text(response)
    assert "The Cryptic Ledger: What a CTF Challenge Taught Me About Hashing" in text
    assert "a missing newline you'd never think to check." in text
    assert "6 min read" in text
    assert "System Design" in text


def test_article_without_a_body_shows_only_its_summary_and_metadata(client, content):
    from tests.factories import make_article

    article = make_article(body="", summary="Only a summary so far.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Only a summary so far." in page_text(response)
    assert b"min read" not in response.content
    assert b"Contents" not in response.content


def test_contact_page_and_thank_you_page(client, content):
    assert "Get in touch" in page_text(client.get(reverse("contact:form")))
    thanks = page_text(client.get(reverse("contact:thanks")))
    assert "I typically respond within 24 hours" in thanks


def test_unknown_page_gets_the_custom_404(client, content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)
    assert "Articles" in page_text(response)


def test_server_error_page_renders_without_a_database(client):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_pages_work_before_any_content_is_loaded(client, db):
    for url in ["/", "/projects/", "/articles/", "/contact/"]:
        assert client.get(url).status_code == 200


def test_static_files_are_fingerprinted(client, content):
    body = client.get("/").content.decode()
    assert "/static/css/site." in body
    assert "/static/css/site.css" not in body  # the hashed name, e.g. site.3f2a….css


def test_role_dates_read_as_months():
    from datetime import date

    from experience.models import Role

    assert Role(start_date=date(2023, 10, 1)).period == "Oct 2023 – Present"
    assert (
        Role(start_date=date(2023, 1, 1), end_date=date(2023, 6, 1)).period == "Jan 2023 – Jun 2023"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/projects/",
        "/projects/apiengine/",
        "/articles/",
        "/articles/the-cryptic-ledger/",
        "/articles/category/system-design/",
        "/articles/tag/java/",
        "/articles/feed.atom",
        "/articles/feed.rss",
        "/articles/feed.json",
        "/search/?q=redis",
        "/contact/",
        "/contact/thanks/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_public_addresses_answer_head_requests(client, content, url):
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""


def test_pages_forbid_scripts_and_other_hosts(client, content):
    policy = client.get("/articles/the-cryptic-ledger/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'self'"
    assert "script-src" not in directives  # falls back to 'none'
    assert directives["frame-ancestors"] == "'none'"


def test_health_check_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
