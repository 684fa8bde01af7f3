"""The owner's Statistics pages: charts with their tables, the periods, one page's figures,
the reset, and the links from the desk and an article."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article
from stats.models import FeedSubscribersDay, PageDay, SearchReport, SearchRow, SourceDay

ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture
def readers(db):
    """Three days of an article's readers, and the site's."""
    article = Article.objects.published().first()
    path = article.get_absolute_url()
    today = timezone.localdate()
    for days_ago, views in [(0, 10), (1, 20), (40, 5)]:
        day = today - timedelta(days=days_ago)
        PageDay.objects.create(day=day, path=path, views=views, visitors=views // 2, reads=3)
        PageDay.objects.create(day=day, path="", views=views + 1, visitors=views // 2, reads=3)
        SourceDay.objects.create(day=day, path=path, group="search", name="Google", views=views)
        SourceDay.objects.create(day=day, path="", group="search", name="Google", views=views)
    FeedSubscribersDay.objects.create(day=today, feed="/articles/feed.atom", reader="Feedly",
                                      subscribers=42)  # fmt: skip
    return article


def test_the_statistics_page_shows_the_sites_readers_as_a_chart_and_tables(staff_client, readers):
    response = staff_client.get(f"{ADMIN}statistics/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<figure class="stats-chart">') == 2  # readers, feed subscribers
    assert body.count('role="img"') == 2 and "<title id=" in body
    context = response.context
    assert len(context["table"]) == 30
    assert context["totals"]["views"] == 10 + 1 + 20 + 1  # the day 40 days ago is out
    assert context["top_pages"][0]["title"] == readers.title
    assert context["top_pages"][0]["views"] == 30
    assert context["sources"][0]["name"] == "Google"
    assert context["readers"] == [{"reader": "Feedly", "subscribers": 42}]
    # The table beside the chart has a row for each day.
    assert body.count("<time datetime=") >= 30


@pytest.mark.parametrize("days", [7, 30, 90])
def test_each_period_can_be_chosen_and_is_tabled_by_day(staff_client, readers, days):
    response = staff_client.get(f"{ADMIN}statistics/", {"days": days})
    assert len(response.context["table"]) == days
    assert len(response.context["subscribers_table"]) == days


def test_a_year_is_charted_by_day_and_tabled_by_month(staff_client, readers):
    today = timezone.localdate()
    FeedSubscribersDay.objects.create(day=today - timedelta(days=3), feed="/articles/feed.atom",
                                      reader="Feedly", subscribers=40)  # fmt: skip
    response = staff_client.get(f"{ADMIN}statistics/", {"days": 365})
    context = response.context
    first_day = today - timedelta(days=364)
    months = [row["month"] for row in context["table"]]
    assert months[0] == first_day.replace(day=1) and months[-1] == today.replace(day=1)
    assert len(months) == len(set(months)) == (13 if first_day.day > 1 else 12)
    assert (
        sum(row["views"] for row in context["table"])
        == context["totals"]["views"]
        == 10 + 1 + 20 + 1 + 5 + 1
    )
    this_month = context["subscribers_table"][-1]
    assert this_month["subscribers"] == 42  # the month's last figure, not its first
    assert context["subscribers_table"][0]["subscribers"] is None
    body = response.content.decode()
    assert f'<time datetime="{today:%Y-%m}">' in body
    assert body.count("<polyline") == 3  # the charts keep each day: views, visitors, subscribers


def test_a_page_has_its_own_trend_read_through_and_search_figures(staff_client, readers):
    path = readers.get_absolute_url()
    report = SearchReport.objects.create(file_name="site.zip")
    SearchRow.objects.create(report=report, kind="page", key=path, clicks=7, impressions=200,
                             ctr=0.035, position=4.2)  # fmt: skip
    page_report = SearchReport.objects.create(file_name="page.zip", page_path=path)
    SearchRow.objects.create(report=page_report, kind="query", key="rest api design", clicks=5,
                             impressions=90, ctr=0.0556, position=3.1)  # fmt: skip
    response = staff_client.get(f"{ADMIN}statistics/", {"path": path, "days": 7})
    assert response.status_code == 200
    assert response.context["totals"]["views"] == 30
    assert response.context["totals"]["reads"] == 6
    assert response.context["search_page"].clicks == 7
    body = response.content.decode()
    assert readers.title in body and "rest api design" in body and "4%" in body


def test_the_page_costs_a_fixed_number_of_queries(staff_client, readers, django_assert_num_queries):
    staff_client.get(f"{ADMIN}statistics/")  # the session, read once
    # Session, user and the second factor's device; daily; sources; campaigns; top pages and
    # their titles; subscribers by day, their last day and readers; the Search Console report.
    with django_assert_num_queries(12):
        staff_client.get(f"{ADMIN}statistics/")


@pytest.mark.parametrize("query", [{"days": "12"}, {"days": "x"}, {"path": "nowhere"}])
def test_a_wrong_period_or_page_is_a_400(staff_client, readers, query):
    assert staff_client.get(f"{ADMIN}statistics/", query).status_code == 400


def test_only_the_owner_sees_statistics(client, readers):
    response = client.get(f"{ADMIN}statistics/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_every_statistic_can_be_deleted_after_a_confirmation(staff_client, readers):
    assert "cannot be undone" in staff_client.get(f"{ADMIN}statistics/delete/").content.decode()
    assert PageDay.objects.exists()
    response = staff_client.post(f"{ADMIN}statistics/delete/")
    assert response.status_code == 302
    assert not PageDay.objects.exists() and not SourceDay.objects.exists()
    assert not FeedSubscribersDay.objects.exists()


def test_the_desk_and_each_article_lead_to_the_statistics(staff_client, readers):
    desk = staff_client.get(ADMIN).content.decode()
    assert f'href="{ADMIN}statistics/"' in desk and "views by" in desk
    change = staff_client.get(f"{ADMIN}articles/article/{readers.pk}/change/").content.decode()
    assert f"{ADMIN}statistics/?path=%2Farticles%2F{readers.slug}%2F" in change


def test_a_search_console_export_is_uploaded_in_the_admin(staff_client, readers):
    from tests.stats.test_search_console import corrupt_zip, export_files, zipped

    upload = f"{ADMIN}statistics/search-console/"
    assert "Export" in staff_client.get(upload).content.decode()
    response = staff_client.post(upload, {"export": zipped(export_files())})
    assert response.status_code == 302
    assert SearchReport.objects.count() == 1
    refused = staff_client.post(upload, {"export": corrupt_zip()})
    assert refused.status_code == 200
    assert "damaged or incomplete" in refused.content.decode()
    assert SearchReport.objects.count() == 1


@pytest.mark.parametrize("days", [7, 30, 90, 365])
def test_top_pages_of_long_periods_add_whole_months_to_the_days_around_them(db, days):
    from stats.reports import Period, top_pages
    from stats.tally import record_totals

    today = timezone.localdate()
    for days_ago in range(400):
        day = (today - timedelta(days=days_ago)).isoformat()
        record_totals.call(
            [["page", day, "/articles/", "views", 2], ["page", day, "/articles/", "reads", 1]], []
        )
    (page,) = top_pages(Period(days))
    assert (page["path"], page["views"], page["reads"]) == ("/articles/", 2 * days, days)
