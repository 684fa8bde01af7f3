"""Each public page costs a fixed number of SQL queries on a page-cache miss, however much
content there is, and none at all on a hit."""

import pytest

from articles.models import Article
from bench.data import generate
from core.cache import content_changed
from core.site import site_data

# Queries on a page-cache miss, for an anonymous visitor. The site's profile, links and stats
# are read once after each edit (3 queries) and shared by every page.
BUDGETS = {
    "/": 9,
    "/projects/": 2,
    "/projects/bench-project-1/": 2,
    "/articles/": 5,
    "/articles/?page=2": 5,
    "/articles/category/bench-category-1/": 4,
    "/articles/tag/bench-tag-1/": 4,
    "/articles/bench-article-3/": 5,
    "/articles/feed.atom": 2,
    "/articles/feed.rss": 2,
    "/articles/feed.json": 2,
    "/sitemap.xml": 4,
    "/contact/": 0,
    "/cv/": 5,
    "/search/?q=cache": 2,
}
# Only a large site has a second page of articles.
LARGE_ONLY = {"/articles/?page=2"}
SIZES = {
    "small": {"articles": 5, "projects": 3, "testimonials": 4},
    "large": {"articles": 1000, "projects": 50, "testimonials": 100},
}


@pytest.fixture(params=SIZES)
def site_of_size(request, empty_database):
    generate(**SIZES[request.param])
    site_data()  # read once, as by the first page after a deploy
    return [url for url in BUDGETS if request.param == "large" or url not in LARGE_ONLY]


def test_the_budgets_meet_the_targets():
    assert BUDGETS["/"] <= 10
    assert all(count <= 5 for url, count in BUDGETS.items() if url != "/")


def test_every_page_costs_its_budget_on_a_miss_and_nothing_on_a_hit(
    client, site_of_size, django_assert_num_queries
):
    for url in site_of_size:
        content_changed()  # as after an edit: no page, nor part of one, is in the cache
        site_data()  # read again by the first page after an edit, for every page
        with django_assert_num_queries(BUDGETS[url]):
            assert client.get(url).status_code == 200, url
        if url.startswith("/search/"):
            continue  # results are made for each search
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200, url


def test_the_site_data_is_read_once_after_each_edit(
    client, empty_database, django_assert_num_queries
):
    generate(**SIZES["small"])
    content_changed(sender=Article)
    with django_assert_num_queries(BUDGETS["/contact/"] + 3):
        client.get("/contact/")
    with django_assert_num_queries(BUDGETS["/cv/"]):
        client.get("/cv/")  # shared by every page
