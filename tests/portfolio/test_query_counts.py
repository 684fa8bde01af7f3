"""Each public page costs a fixed number of SQL queries when it is rendered, however much
content there is, and none at all when the app's page cache has it."""

import pytest

from bench.data import generate
from web.cache import content_changed

# Queries of a page rendered for an anonymous visitor just after an edit; the pages and feeds
# read the owner's profile and links (2 of them), which every page after them shares until the
# next edit; the sitemap reads the profile's date.
BUDGETS = {
    "/": 12,
    "/projects/": 4,
    "/projects/bench-project-1/": 4,
    "/articles/": 7,
    "/articles/?page=2": 7,
    "/articles/category/bench-category-1/": 6,
    "/articles/tag/bench-tag-1/": 6,
    "/articles/bench-article-3/": 7,
    "/articles/feed.atom": 4,
    "/articles/feed.rss": 4,
    "/articles/feed.json": 4,
    "/sitemap.xml": 6,
    "/contact/": 2,
    "/cv/": 7,
    "/search/?q=cache": 4,
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
    return [url for url in BUDGETS if request.param == "large" or url not in LARGE_ONLY]


def test_every_page_costs_its_budget_when_rendered_and_nothing_from_the_cache(
    client, site_of_size, django_assert_num_queries
):
    for url in site_of_size:
        content_changed()  # as after an edit: no page is in the cache
        with django_assert_num_queries(BUDGETS[url]):
            assert client.get(url).status_code == 200, url
        if url == "/contact/":
            continue  # made for each visitor
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200, url


def test_the_owners_profile_and_links_are_read_once_after_each_edit(
    client, empty_database, django_assert_num_queries
):
    generate(**SIZES["small"])
    content_changed()
    with django_assert_num_queries(BUDGETS["/contact/"]):
        client.get("/contact/")
    with django_assert_num_queries(BUDGETS["/cv/"] - 2):
        client.get("/cv/")
