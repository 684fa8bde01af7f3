"""How long statistics are kept (STATS_KEEP_DAYS), and deleting them."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from stats.counting import salt_key
from stats.models import (
    CampaignDay,
    FeedSubscribersDay,
    PageDay,
    PageMonth,
    SearchReport,
    SourceDay,
)

DAILY_TOTALS = [PageDay, SourceDay, CampaignDay, FeedSubscribersDay]
# Past days whose salt is deleted again at each purge, should a purge have been missed.
SALT_DAYS_CHECKED = 7


def purge():
    """Delete what is past its keeping, and the salts of the days before today; return how
    many rows were deleted."""
    today = timezone.localdate()
    caches["stats"].delete_many(
        [salt_key(today - timedelta(days=n)) for n in range(1, SALT_DAYS_CHECKED + 1)]
    )
    oldest_kept = today - timedelta(days=settings.STATS_KEEP_DAYS)
    with transaction.atomic():
        deleted = sum(
            model.objects.filter(day__lt=oldest_kept).delete()[0] for model in DAILY_TOTALS
        )
        # A month is kept while any of its days is.
        months = PageMonth.objects.filter(month__lt=oldest_kept.replace(day=1))
        return deleted + months.delete()[0]


def delete_all():
    """Every statistic and every Search Console report: the owner's reset."""
    with transaction.atomic():
        for model in [*DAILY_TOTALS, PageMonth, SearchReport]:
            model.objects.all().delete()
