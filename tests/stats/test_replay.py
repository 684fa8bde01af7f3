"""A day and a half of synthetic traffic through the beacon, and the exact totals it leaves.

People, crawlers, the signed-in owner, prefetches, returning visitors across midnight, feed
readers and campaign links are replayed at set times; the gathered counts are handed to the
worker as the flushing thread would, and the daily rows are compared with what is expected.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from stats.models import CampaignDay, FeedSubscribersDay, PageDay, SourceDay
from stats.tally import tally
from tests.helpers import SITE
from tests.mailserver import run_worker

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36"
)
FEEDLY = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; {} subscribers; )"
INOREADER = "Mozilla/5.0 (compatible; Inoreader/1.0; +https://www.inoreader.com; {} subscribers)"

ARTICLE = "/articles/a-story/"
OTHER = "/articles/another/"
DAY_1, DAY_2 = date(2026, 3, 2), date(2026, 3, 3)


def at(hour, minute, day=DAY_1):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC))


def view(client, path, ip, agent, referrer="", campaign="", **headers):
    fields = {"p": path, "r": referrer, "c": campaign, "s": "1"}
    response = client.get(
        "/reading/view.gif", fields, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent, **headers
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "image/gif"


def read(client, path, ip, agent):
    response = client.get("/reading/end.gif", {"p": path}, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    assert response.status_code == 200


def view_without_script(client, page, ip, agent):
    response = client.get(
        "/reading/view.gif", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent, HTTP_REFERER=f"{SITE}{page}"
    )
    assert response.status_code == 200


def fetch_feed(client, agent):
    response = client.get("/articles/feed.atom", HTTP_USER_AGENT=agent, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 200


def replay(client, owner):
    with at(12, 0):
        view(client, ARTICLE, "203.0.113.1", IPHONE, referrer="https://www.google.com/")
        read(client, ARTICLE, "203.0.113.1", IPHONE)
        # Alice goes on to the home page, from the article.
        view(client, "/", "203.0.113.1", IPHONE, referrer=f"{SITE}{ARTICLE}")
        # Bob follows a newsletter link and does not read to the end.
        view(client, ARTICLE, "198.51.100.7", FIREFOX, campaign="newsletter")
        # Carol has no script: her browser loads the <noscript> image.
        view_without_script(client, f"{OTHER}?ref=hn", "198.51.100.9", CHROME)
        # Not counted: crawlers, a headless browser, the owner, a prefetch, a user agent of none.
        view(client, ARTICLE, "66.249.66.1", GOOGLEBOT, referrer="https://www.google.com/")
        view(client, ARTICLE, "192.0.2.80", HEADLESS)
        read(client, ARTICLE, "66.249.66.1", GOOGLEBOT)
        view(owner, ARTICLE, "192.0.2.1", FIREFOX)
        read(owner, ARTICLE, "192.0.2.1", FIREFOX)
        view(client, OTHER, "198.51.100.7", FIREFOX, HTTP_SEC_PURPOSE="prefetch")
        view(client, OTHER, "198.51.100.7", "")
        fetch_feed(client, FEEDLY.format(120))
        fetch_feed(client, INOREADER.format(9))
    with at(18, 30):
        # Alice again, the same day: a view, not a new visitor.
        view(
            client,
            ARTICLE,
            "203.0.113.1",
            IPHONE,
            referrer="https://news.ycombinator.com/item?id=1",
        )
        fetch_feed(client, FEEDLY.format(123))
    with at(23, 59):
        view(client, OTHER, "203.0.113.1", IPHONE, referrer="https://duckduckgo.com/")
    with at(0, 1, DAY_2):
        # After midnight Alice is a new visitor: nothing links her to yesterday.
        view(client, ARTICLE, "203.0.113.1", IPHONE)
        read(client, ARTICLE, "203.0.113.1", IPHONE)
        # Bob, the same person on another network, is a visitor of his own today.
        view(client, ARTICLE, "198.51.100.8", FIREFOX, referrer="https://www.google.co.uk/")
    with at(9, 0, DAY_2):
        view(client, ARTICLE, "198.51.100.8", FIREFOX, referrer="https://example.org/links")
        fetch_feed(client, FEEDLY.format(125))
    with at(23, 0, DAY_2):
        view(client, "/", "203.0.113.1", IPHONE, campaign="newsletter")


@pytest.mark.django_db
def test_a_day_and_a_half_of_traffic_leaves_exactly_the_expected_totals(staff_client):
    client = Client()
    replay(client, staff_client)
    tally.flush()
    run_worker()

    pages = {
        (row.day, row.path): (row.views, row.visitors, row.reads) for row in PageDay.objects.all()
    }
    assert pages == {
        (DAY_1, ARTICLE): (3, 2, 1),
        (DAY_1, OTHER): (2, 2, 0),
        (DAY_1, "/"): (1, 1, 0),
        # The site: views of every page; visitors counted once across pages.
        (DAY_1, ""): (6, 3, 1),
        (DAY_2, ARTICLE): (3, 2, 1),
        (DAY_2, "/"): (1, 1, 0),
        (DAY_2, ""): (4, 2, 1),
    }
    sources = {
        (row.day, row.path, row.group, row.name): row.views for row in SourceDay.objects.all()
    }
    assert sources == {
        (DAY_1, ARTICLE, "search", "Google"): 1,
        (DAY_1, ARTICLE, "direct", ""): 1,
        (DAY_1, ARTICLE, "social", "Hacker News"): 1,
        (DAY_1, OTHER, "unknown", ""): 1,
        (DAY_1, OTHER, "search", "DuckDuckGo"): 1,
        (DAY_1, "/", "internal", ""): 1,
        (DAY_1, "", "search", "Google"): 1,
        (DAY_1, "", "direct", ""): 1,
        (DAY_1, "", "social", "Hacker News"): 1,
        (DAY_1, "", "unknown", ""): 1,
        (DAY_1, "", "search", "DuckDuckGo"): 1,
        (DAY_1, "", "internal", ""): 1,
        (DAY_2, ARTICLE, "direct", ""): 1,
        (DAY_2, ARTICLE, "search", "Google"): 1,
        (DAY_2, ARTICLE, "sites", "example.org"): 1,
        (DAY_2, "/", "direct", ""): 1,
        (DAY_2, "", "direct", ""): 2,
        (DAY_2, "", "search", "Google"): 1,
        (DAY_2, "", "sites", "example.org"): 1,
    }
    campaigns = {(row.day, row.path, row.campaign): row.views for row in CampaignDay.objects.all()}
    assert campaigns == {
        (DAY_1, ARTICLE, "newsletter"): 1,
        (DAY_1, "", "newsletter"): 1,
        (DAY_1, OTHER, "hn"): 1,
        (DAY_1, "", "hn"): 1,
        (DAY_2, "/", "newsletter"): 1,
        (DAY_2, "", "newsletter"): 1,
    }
    subscribers = {
        (row.day, row.feed, row.reader): row.subscribers for row in FeedSubscribersDay.objects.all()
    }
    assert subscribers == {
        (DAY_1, "/articles/feed.atom", "Feedly"): 123,
        (DAY_1, "/articles/feed.atom", "Inoreader"): 9,
        (DAY_2, "/articles/feed.atom", "Feedly"): 125,
    }


@pytest.mark.django_db
def test_counts_flushed_twice_add_up(client):
    with at(12, 0):
        view(client, ARTICLE, "203.0.113.1", IPHONE)
        tally.flush()
        view(client, ARTICLE, "203.0.113.2", IPHONE)
        tally.flush()
    run_worker()
    row = PageDay.objects.get(path=ARTICLE)
    assert (row.views, row.visitors) == (2, 2)
