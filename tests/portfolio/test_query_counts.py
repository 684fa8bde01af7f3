"""Each public page costs a fixed number of SQL queries, however much content there is."""

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from tests.factories import make_category, make_tag

pytestmark = pytest.mark.django_db


# Queries per page for an anonymous visitor.
EXPECTED_QUERIES = {
    "/": 14,
    "/projects/": 4,
    "/projects/apiengine/": 4,
    "/articles/": 7,
    "/articles/?page=2": 7,
    "/articles/category/bulk/": 6,
    "/articles/tag/bulk/": 6,
    "/articles/bulk-3/": 7,
    "/search/?q=rate+limiter": 4,
    "/contact/": 2,
    "/articles/feed.atom": 3,
    "/articles/feed.json": 3,
}


def add_articles(count):
    """`count` published articles in one category and tag, written in bulk."""
    category = make_category(name="Bulk", slug="bulk")
    tag = make_tag(name="Bulk", slug="bulk")
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            slug=f"bulk-{number}",
            title=f"Rate limiter notes {number}",
            category=category,
            summary=f"Notes on a rate limiter, part {number}.",
            body=f"## Part {number}\n\nA rate limiter.\n",
            body_html=f"<h2>Part {number}</h2><p>A rate limiter.</p>",
            status=Article.Status.PUBLISHED,
            published_at=now - timezone.timedelta(hours=number),
        )
        for number in range(count)
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article_id=article.pk, tag_id=tag.pk) for article in articles
    )
    if connection.vendor == "postgresql":
        Article.objects.filter(category=category).update(
            search_vector=Article.SEARCH_FIELDS.vector()
        )


@pytest.mark.parametrize("article_count", [5, 500])
@pytest.mark.parametrize("url", EXPECTED_QUERIES)
def test_page_query_count_does_not_grow_with_content(
    client, django_assert_num_queries, url, article_count
):
    add_articles(article_count)
    with django_assert_num_queries(EXPECTED_QUERIES[url]):
        response = client.get(url)
    assert response.status_code == 200


def test_home_page_sections_come_from_the_cache_until_content_changes(
    client, django_assert_num_queries
):
    client.get("/")
    # The profile and links (page head and footer) and the next scheduled date are still read.
    with django_assert_num_queries(3):
        client.get("/")
    make_category()  # any content change renders the sections again
    with django_assert_num_queries(EXPECTED_QUERIES["/"]):
        client.get("/")
