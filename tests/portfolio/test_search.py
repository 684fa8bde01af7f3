"""Search over articles and projects: full text on PostgreSQL, substrings on SQLite."""

import pytest
from django.db import connection

from articles.models import Article
from core.search import MAX_QUERY_LENGTH
from tests.factories import make_article, make_project
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


def result_titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [result.title for result in response.context["results"]]


def test_search_finds_articles_and_projects(client, content):
    titles = result_titles(client, "Dijkstra")
    assert "MeshEngine" in titles
    titles = result_titles(client, "token bucket")
    assert "How I Designed a Rate Limiter from Scratch" in titles


def test_drafts_and_unpublished_projects_are_never_found(client, empty_database):
    make_article(title="Secret kraken draft", status=Article.Status.DRAFT)
    make_project(name="Hidden kraken project", is_published=False)
    assert result_titles(client, "kraken") == []


def test_empty_search_shows_how_to_search(client, empty_database):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "quoted phrases" in page_text(response)
    assert client.get("/search/", {"q": "   "}).status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * (MAX_QUERY_LENGTH + 1), f"shorten your search to {MAX_QUERY_LENGTH} characters"),
        ("%%% !!! ---", "symbols alone match nothing"),
        ("'\"", "symbols alone match nothing"),
    ],
)
def test_unusable_queries_get_a_helpful_message(client, db, query, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert message in page_text(response)
    assert response.context["results"] == []


@pytest.mark.parametrize(
    "query", ['"unclosed phrase', "-", "a & b | c", "!x", "(", "or or", "\\", "'; DROP TABLE x"]
)
def test_odd_queries_never_fail(client, content, query):
    assert client.get("/search/", {"q": query}).status_code == 200


def test_no_results_says_so(client, content):
    assert "Nothing matches “zzqx”" in page_text(client.get("/search/", {"q": "zzqx"}))


def test_search_result_pages_are_not_indexed(client, empty_database):
    assert b'content="noindex' in client.get("/search/", {"q": "django"}).content


def test_snippets_escape_the_text_they_quote(client, empty_database):
    make_article(
        title="Escaping kraken",
        summary="About <script>alert('kraken')</script> tags.",
        body="Write the `<b>kraken</b>` tag.",  # markup that stays in the body's text
    )
    body = client.get("/search/", {"q": "kraken"}).content.decode()
    assert "<script>alert" not in body
    assert "<b>kraken</b>" not in body
    assert "<mark>" in body


@on_postgresql
def test_postgresql_ranks_title_above_summary_above_body(client, empty_database):
    make_article(title="Unrelated one", summary="Nothing.", body="Mentions zeppelin once.")
    make_article(title="Unrelated two", summary="A zeppelin summary.", body="Nothing.")
    make_article(title="Zeppelin guide", summary="Nothing.", body="Nothing.")
    assert result_titles(client, "zeppelin") == ["Zeppelin guide", "Unrelated two", "Unrelated one"]


@on_postgresql
def test_postgresql_understands_phrases_exclusions_and_word_forms(client, empty_database):
    make_article(title="Queue workers", body="Retry the failed messages with backoff.")
    make_article(title="Retry budgets", body="Messages that failed are retried by Redis.")
    assert result_titles(client, '"failed messages"') == ["Queue workers"]
    assert result_titles(client, "retry -redis") == ["Queue workers"]
    assert set(result_titles(client, "retrying")) == {"Queue workers", "Retry budgets"}


@on_postgresql
def test_postgresql_snippet_highlights_the_match(client, empty_database):
    make_article(title="Pipelines", body="Celery workers read from a broker and write results.")
    [result] = client.get("/search/", {"q": "broker"}).context["results"]
    assert "<mark>broker</mark>" in result.snippet


@on_postgresql
def test_postgresql_search_vector_follows_edits(client, empty_database):
    article = make_article(title="Before the edit", body="Nothing here.")
    assert result_titles(client, "albatross") == []
    article.body = "An albatross appears."
    article.save()
    assert result_titles(client, "albatross") == ["Before the edit"]


@on_sqlite
def test_sqlite_matches_substrings_and_marks_them(client, empty_database):
    make_article(title="Notes", summary="How rate limiting works.", body="")
    [result] = client.get("/search/", {"q": "rate limit"}).context["results"]
    assert result.title == "Notes"
    assert "<mark>rate limit</mark>ing" in result.snippet


@on_sqlite
def test_sqlite_marks_matches_in_text_whose_case_changes_length(client, empty_database):
    make_article(title="Cities", summary="İİİİ Istanbul rate limiter", body="")
    [result] = client.get("/search/", {"q": "rate"}).context["results"]
    assert "<mark>rate</mark> limiter" in result.snippet


@on_postgresql
def test_postgresql_snippets_show_text_not_markdown(client, empty_database):
    make_article(title="Queues", body="## Brokers\n\nThe **broker** keeps `messages` safe.\n")
    [result] = client.get("/search/", {"q": "broker"}).context["results"]
    assert "##" not in result.snippet and "**" not in result.snippet and "`" not in result.snippet
    assert "The <mark>broker</mark> keeps messages safe" in result.snippet


@on_postgresql
def test_postgresql_search_vectors_have_gin_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s",
            ["%_search_idx"],
        )
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {"articles_article_search_idx", "projects_project_search_idx"}
    assert all("USING gin (search_vector)" in definition for definition in indexes.values())


def test_a_project_is_found_by_a_word_of_its_summary(client, empty_database):
    make_project(name="Tracker", summary="Follows every zeppelin in the sky.")
    assert result_titles(client, "zeppelin") == ["Tracker"]


def test_an_article_is_found_by_its_rendered_text_not_its_markup(client, empty_database):
    make_article(title="Links", body="Read [the guide](https://docs.example/zebra) first.\n")
    assert result_titles(client, "guide") == ["Links"]
    # The URL is Markdown markup: no reader sees it, so it matches nothing.
    assert result_titles(client, "zebra") == []
