"""An article read in Chromium through the real front cache is counted: its view, where the
reader came from, and, once the end of the text is on screen, its read-through."""

import time

import pytest

from articles.models import Article
from stats.models import PageDay, SourceDay
from tests.mailserver import run_worker
from tests.portfolio.test_front_cache import front_cache  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def totals_of(path, seconds=15):
    """The page's daily row, once the app's flush has reached the worker."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run_worker()
        row = PageDay.objects.filter(path=path).first()
        if row and row.reads:
            return row
        time.sleep(0.2)
    return PageDay.objects.filter(path=path).first()


def test_an_article_read_through_the_front_cache_is_counted(browser, front_cache):  # noqa: F811
    article = max(Article.objects.published(), key=lambda article: len(article.body_html))
    path = article.get_absolute_url()
    front_cache.get(path)  # now kept by nginx
    context = browser.new_context(user_agent=PHONE, viewport={"width": 390, "height": 844})
    page = context.new_page()
    beacons = []
    page.on("request", lambda request: "/reading/" in request.url and beacons.append(request.url))
    with page.expect_response(lambda response: "/reading/view.gif" in response.url) as seen:
        response = page.goto(front_cache.base + path, referer="https://www.google.com/")
    assert response.headers["x-cache"] == "HIT"
    assert seen.value.status == 200
    assert not [url for url in beacons if "/reading/end.gif" in url]  # the end is not in sight
    with page.expect_response(lambda response: "/reading/end.gif" in response.url):
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    context.close()

    row = totals_of(path)
    assert (row.views, row.visitors, row.reads) == (1, 1, 1)
    assert SourceDay.objects.get(path=path).name == "Google"
