"""What the Statistics page shows: the daily totals summed over a period, for the site or one
page. Each function that reads the database makes one query (two with the pages' titles)."""

from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby

from django.db.models import Max, Sum
from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.models import Article
from stats.models import (
    SITE,
    CampaignDay,
    FeedSubscribersDay,
    PageDay,
    PageMonth,
    SearchReport,
    SearchRow,
    SourceDay,
)

PERIODS = [7, 30, 90, 365]
# Longer periods are tabled by month: a year of daily rows is more than anyone reads.
LONGEST_DAILY_TABLE = 90
TOP_ROWS = 20


@dataclass(frozen=True)
class Period:
    days: int

    @property
    def last_day(self):
        return timezone.localdate()

    @property
    def first_day(self):
        return self.last_day - timedelta(days=self.days - 1)

    def each_day(self):
        return [self.first_day + timedelta(days=n) for n in range(self.days)]

    def whole_months(self):
        """The first days of the calendar months that lie wholly inside the period."""
        month = self.first_day.replace(day=1)
        if month < self.first_day:
            month = next_month(month)
        months = []
        while next_month(month) - timedelta(days=1) <= self.last_day:
            months.append(month)
            month = next_month(month)
        return months


def next_month(first_day):
    return (first_day + timedelta(days=32)).replace(day=1)


def daily(period, path=SITE):
    """Views, visitors and reads of each day of the period, days without any included."""
    rows = {
        row["day"]: row
        for row in PageDay.objects.filter(path=path)
        .between(period.first_day, period.last_day)
        .values("day", "views", "visitors", "reads")
    }
    empty = {"views": 0, "visitors": 0, "reads": 0}
    return [{**empty, **rows.get(day, {}), "day": day} for day in period.each_day()]


def totals(days):
    """The sums of a `daily` list, with the read-through rate."""
    summed = {field: sum(day[field] for day in days) for field in ("views", "visitors", "reads")}
    return {**summed, "read_through": rate(summed["reads"], summed["views"])}


def months_of(days):
    """The rows of a list by day (each with its "day"), grouped by calendar month."""
    return [list(rows) for _, rows in groupby(days, key=lambda row: row["day"].replace(day=1))]


def monthly(days):
    """A `daily` list summed by calendar month; the period's first and last months only over
    their days inside it."""
    return [{**totals(rows), "month": rows[0]["day"].replace(day=1)} for rows in months_of(days)]


def monthly_subscribers(days):
    """The last figure reported in each calendar month of a `feed_subscribers` list by day."""
    return [
        {
            "month": rows[0]["day"].replace(day=1),
            "subscribers": next(
                (row["subscribers"] for row in reversed(rows) if row["subscribers"] is not None),
                None,
            ),
        }
        for rows in months_of(days)
    ]


def top_pages(period):
    """The most viewed pages of the period, with their titles where they are articles: the
    months wholly inside it are read from their monthly totals, the days around them from the
    daily ones."""
    months = period.whole_months()
    days = PageDay.objects.of_pages().between(period.first_day, period.last_day)
    if months:
        days = days.exclude(day__gte=months[0], day__lt=next_month(months[-1]))
    parts = [days, PageMonth.objects.of_pages().filter(month__in=months)]
    totals = {}
    for part in parts:
        summed = part.values("path").annotate(
            views=Sum("views"), visitors=Sum("visitors"), reads=Sum("reads")
        )
        for row in summed:
            page = totals.setdefault(row["path"], {"path": row["path"], "views": 0,
                                                   "visitors": 0, "reads": 0})  # fmt: skip
            for field in ("views", "visitors", "reads"):
                page[field] += row[field]
    pages = sorted(totals.values(), key=lambda page: (-page["views"], page["path"]))[:TOP_ROWS]
    titles = article_titles([page["path"] for page in pages])
    for page in pages:
        page["title"] = titles.get(page["path"], "")
        page["read_through"] = rate(page["reads"], page["views"]) if page["title"] else None
    return pages


def sources(period, path=SITE):
    rows = (
        SourceDay.objects.filter(path=path)
        .between(period.first_day, period.last_day)
        .values("group", "name")
        .annotate(views=Sum("views"))
        .order_by("-views", "group", "name")[:TOP_ROWS]
    )
    groups = dict(SourceDay.Group.choices)
    return [{**row, "group_label": groups.get(row["group"], row["group"])} for row in rows]


def campaigns(period, path=SITE):
    return list(
        CampaignDay.objects.filter(path=path)
        .between(period.first_day, period.last_day)
        .values("campaign")
        .annotate(views=Sum("views"))
        .order_by("-views", "campaign")[:TOP_ROWS]
    )


def feed_subscribers(period):
    """The subscribers all feed readers reported, for each day of the period (None for a day
    none reported), and each reader's latest figure."""
    reported = FeedSubscribersDay.objects.filter(
        day__gte=period.first_day, day__lte=period.last_day
    )
    by_day = dict(reported.values_list("day").annotate(total=Sum("subscribers")))
    latest_day = reported.aggregate(day=Max("day"))["day"]
    readers = (
        reported.filter(day=latest_day)
        .values("reader")
        .annotate(subscribers=Sum("subscribers"))
        .order_by("-subscribers", "reader")
    )
    each_day = [{"day": day, "subscribers": by_day.get(day)} for day in period.each_day()]
    return each_day, list(readers)


def search_figures(path):
    """The latest Search Console figures of a page, and its top queries, or (None, [])."""
    site_report = SearchReport.objects.filter(page_path=SITE).first()
    page = site_report and site_report.rows.filter(kind=SearchRow.Kind.PAGE, key=path).first()
    page_report = SearchReport.objects.filter(page_path=path).first()
    queries = page_report.rows.filter(kind=SearchRow.Kind.QUERY)[:TOP_ROWS] if page_report else []
    return page, list(queries)


def site_search_figures():
    """The latest site-wide Search Console report and its top queries and pages."""
    report = SearchReport.objects.filter(page_path=SITE).first()
    if report is None:
        return None, [], []
    queries = report.rows.filter(kind=SearchRow.Kind.QUERY)[:TOP_ROWS]
    pages = report.rows.filter(kind=SearchRow.Kind.PAGE)[:TOP_ROWS]
    return report, list(queries), list(pages)


def article_titles(paths):
    """{path: title} for the paths that are articles' pages."""
    slugs = {}
    for path in paths:
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name == "articles:detail":
            slugs[match.kwargs["slug"]] = path
    articles = Article.objects.filter(slug__in=slugs).values_list("slug", "title")
    return {slugs[slug]: title for slug, title in articles}


def rate(part, whole):
    return part / whole if whole else None
