"""Reading statistics, kept as daily totals only (docs/statistics.md).

Every table is one row per day and what it counts; a row whose `path` is empty counts the
whole site. Nothing here can tell one visitor from another: visitors are counted as they come
(stats.counting) and only their number per day is written.
"""

from django.db import models

# The whole site, in the `path` column of the daily totals.
SITE = ""


class DailyQuerySet(models.QuerySet):
    def between(self, first_day, last_day):
        return self.filter(day__gte=first_day, day__lte=last_day)

    def of_site(self):
        return self.filter(path=SITE)

    def of_pages(self):
        return self.exclude(path=SITE)


class PageDay(models.Model):
    """Views, unique visitors and read-throughs of one page (or of the site) on one day."""

    day = models.DateField()
    path = models.CharField(max_length=300, blank=True)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    # Views whose reader reached the end of the text (articles only).
    reads = models.PositiveIntegerField(default=0)

    objects = DailyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="stats_page_day")]
        indexes = [models.Index(fields=["path", "day"], name="stats_page_path_day")]

    def __str__(self):
        return f"{self.path or 'site'} on {self.day}: {self.views} views"


class PageMonth(models.Model):
    """A page's totals for a calendar month (its PageDay rows summed, `month` its first day):
    what the top pages of a long period are read from."""

    month = models.DateField()
    path = models.CharField(max_length=300, blank=True)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    reads = models.PositiveIntegerField(default=0)

    objects = DailyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "path"], name="stats_page_month")]

    def __str__(self):
        return f"{self.path or 'site'} in {self.month:%Y-%m}: {self.views} views"


class SourceDay(models.Model):
    """Views of a page (or of the site) on one day by where the reader came from."""

    class Group(models.TextChoices):
        SEARCH = "search", "Search engines"
        SOCIAL = "social", "Social sites"
        FEEDS = "feeds", "Feed readers"
        SITES = "sites", "Other sites"
        DIRECT = "direct", "Direct"
        INTERNAL = "internal", "This site"
        UNKNOWN = "unknown", "Unknown (no script)"

    day = models.DateField()
    path = models.CharField(max_length=300, blank=True)
    group = models.CharField(max_length=10, choices=Group.choices)
    # The search engine, social site or feed reader by name, another site by its host.
    name = models.CharField(max_length=100, blank=True)
    views = models.PositiveIntegerField(default=0)

    objects = DailyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path", "group", "name"], name="stats_source_day"
            )
        ]
        indexes = [models.Index(fields=["path", "day"], name="stats_source_path_day")]

    def __str__(self):
        return f"{self.name or self.get_group_display()} on {self.day}: {self.views} views"


class CampaignDay(models.Model):
    """Views of a page (or of the site) on one day that carried a campaign tag (utm_source or
    ref in the address)."""

    day = models.DateField()
    path = models.CharField(max_length=300, blank=True)
    campaign = models.CharField(max_length=100)
    views = models.PositiveIntegerField(default=0)

    objects = DailyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "path", "campaign"], name="stats_campaign_day")
        ]
        indexes = [models.Index(fields=["path", "day"], name="stats_campaign_path_day")]

    def __str__(self):
        return f"{self.campaign} on {self.day}: {self.views} views"


class FeedSubscribersDay(models.Model):
    """The latest number of subscribers a feed reader reported for one feed on one day."""

    day = models.DateField()
    feed = models.CharField(max_length=300)
    reader = models.CharField(max_length=100)
    subscribers = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "feed", "reader"], name="stats_feed_day")
        ]

    def __str__(self):
        return f"{self.reader} on {self.day}: {self.subscribers} subscribers"


class SearchReport(models.Model):
    """One Google Search Console Performance export, as the owner uploaded it."""

    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    # What the export covers, as its Filters.csv says ("Date: Last 3 months", ...).
    filters = models.CharField(max_length=500, blank=True)
    # The page the export is filtered to (its queries are that page's), or empty for the site.
    page_path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d})"


class SearchRow(models.Model):
    """One row of an export's Pages or Queries table."""

    class Kind(models.TextChoices):
        PAGE = "page", "Page"
        QUERY = "query", "Query"

    report = models.ForeignKey(SearchReport, on_delete=models.CASCADE, related_name="rows")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    # A page's path on this site, or a query's words.
    key = models.CharField(max_length=500)
    clicks = models.PositiveIntegerField()
    impressions = models.PositiveIntegerField()
    # Click-through rate as a fraction (0.025 for "2.5%"), and the average position.
    ctr = models.FloatField()
    position = models.FloatField()

    class Meta:
        ordering = ["-clicks", "-impressions"]
        indexes = [models.Index(fields=["kind", "key"], name="stats_search_kind_key")]

    def __str__(self):
        return f"{self.key}: {self.clicks} clicks"
