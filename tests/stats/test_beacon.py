"""The beacon in the pages and its answers: what is refused, and what no cache keeps."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from stats.counting import salt_key
from stats.models import PageDay
from stats.retention import purge
from stats.tally import tally

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def beacon(client, address="/reading/view.gif", **fields):
    return client.get(address, fields, HTTP_USER_AGENT=BROWSER)


def test_public_pages_carry_the_beacon_and_stay_the_same_for_everyone(client, content):
    page = client.get("/articles/the-cryptic-ledger/")
    body = page.content.decode()
    assert 'src="/reading/view.gif"' in body  # <noscript>
    assert 'data-view="/reading/view.gif"' in body and "data-reading-end" in body
    assert "public" in page["Cache-Control"] and not page.cookies


def test_the_owners_pages_and_error_pages_carry_no_beacon(staff_client, client, content):
    assert "/reading/" not in staff_client.get("/articles/the-cryptic-ledger/").content.decode()
    assert "/reading/" not in client.get("/no-such-page/").content.decode()


def test_a_beacon_is_a_pixel_that_no_cache_keeps(client):
    response = beacon(client, p="/articles/", s="1")
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.head("/reading/view.gif?p=/&s=1", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert client.post("/reading/view.gif", {"p": "/"}).status_code == 405


@pytest.mark.parametrize(
    ("fields", "status", "says"),
    [
        ({"p": "/no/such/page/", "s": "1"}, 400, "must be the path of a page"),
        ({"p": "articles/", "s": "1"}, 400, "must be the path of a page"),
        ({"p": "/" + "a" * 400, "s": "1"}, 400, "must be the path of a page"),
        ({"p": "/", "r": "https://x.example/" + "a" * 3000, "s": "1"}, 400, "too long"),
        ({"p": "/", "c": "x" * 101, "s": "1"}, 400, "at most 100"),
        ({"p": "/", "c": "new\nline", "s": "1"}, 400, "printable"),
        ({"s": "1"}, 400, "must be the path of a page"),
    ],
)
def test_a_malformed_beacon_is_refused_and_counts_nothing(client, fields, status, says):
    response = beacon(client, **fields)
    assert response.status_code == status and says in response.content.decode()
    assert not tally.counts


@pytest.mark.parametrize("referer", ["", "http://[", "https://elsewhere.example/articles/"])
def test_a_beacon_without_script_from_no_page_of_the_site_is_refused(client, referer):
    response = client.get("/reading/view.gif", HTTP_USER_AGENT=BROWSER, HTTP_REFERER=referer)
    assert response.status_code == 400 and not tally.counts


def test_a_beacon_from_another_site_is_refused(client):
    response = client.get(
        "/reading/view.gif", {"p": "/", "s": "1"}, HTTP_USER_AGENT=BROWSER,
        HTTP_SEC_FETCH_SITE="cross-site",
    )  # fmt: skip
    assert response.status_code == 403 and not tally.counts


def test_the_end_beacon_counts_a_read_through(client):
    article = "/articles/the-cryptic-ledger/"
    assert beacon(client, "/reading/end.gif", p=article).status_code == 200
    today = timezone.localdate().isoformat()
    # The article's and the site's.
    assert tally.counts == {("page", today, article, "reads"): 1, ("page", today, "", "reads"): 1}


def test_counts_that_cannot_be_queued_are_kept_for_the_next_flush(client, django_db_blocker):
    beacon(client, p="/articles/", s="1")
    gathered = dict(tally.counts)
    with django_db_blocker.block():  # the database refuses the task
        tally.flush()
    assert dict(tally.counts) == gathered


def test_old_totals_and_past_salts_are_purged(settings):
    settings.STATS_KEEP_DAYS = 30
    today = timezone.localdate()
    for days_ago in (0, 29, 30, 31, 400):
        PageDay.objects.create(day=today - timedelta(days=days_ago), path="/", views=1)
    yesterday = today - timedelta(days=1)
    caches["stats"].set(salt_key(yesterday), b"yesterday's salt")
    caches["stats"].set(salt_key(today), b"today's salt")
    assert purge() == 2
    kept = sorted((today - row.day).days for row in PageDay.objects.all())
    assert kept == [0, 29, 30]
    assert caches["stats"].get(salt_key(yesterday)) is None
    assert caches["stats"].get(salt_key(today)) == b"today's salt"


def test_the_privacy_page_says_what_is_counted_and_kept(client, content):
    page = client.get("/privacy/")
    text = page.content.decode()
    assert page.status_code == 200 and "public" in page["Cache-Control"]
    assert "random key that changes every day" in text and "730 days" in text
    assert "only your email address is kept" in text
    assert 'href="/privacy/"' in client.get("/").content.decode()
