"""The day's counts, gathered in the memory of each app process and written to the database as
daily totals by the task worker, every STATS_FLUSH_SECONDS: a hit costs no SQL write, and a
process that dies loses what it gathered since its last flush, at most.

A flush enqueues one `record_totals` task with what the process gathered; the worker adds it to
the daily rows (stats.models). Counts never leave the process with anything that could tell
visitors apart: only paths, sources, campaigns and numbers.
"""

import atexit
import logging
import os
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django_tasks import task

from stats.models import CampaignDay, FeedSubscribersDay, PageDay, PageMonth, SourceDay

logger = logging.getLogger(__name__)


class Tally:
    """Counts of this process since its last flush.

    `counts` keys are ("page", day, path, field), ("source", day, path, group, name) and
    ("campaign", day, path, campaign), days as ISO strings; `subscribers` maps (day, feed,
    reader) to the latest figure the reader reported.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.subscribers = {}
        self.flusher_pid = None

    def add(self, *key):
        with self.lock:
            self.counts[key] += 1
        self.start_flusher()

    def report_subscribers(self, day, feed, reader, figure):
        with self.lock:
            self.subscribers[day, feed, reader] = figure
        self.start_flusher()

    def take(self):
        """What was gathered, emptied."""
        with self.lock:
            counts, self.counts = self.counts, Counter()
            subscribers, self.subscribers = self.subscribers, {}
        return counts, subscribers

    def give_back(self, counts, subscribers):
        """Put back what could not be flushed, under what was gathered since."""
        with self.lock:
            self.counts.update(counts)
            self.subscribers = {**subscribers, **self.subscribers}

    def flush(self):
        """Hand what was gathered to the worker; keep it for the next flush should that fail."""
        counts, subscribers = self.take()
        if not counts and not subscribers:
            return
        try:
            record_totals.enqueue(
                [[*key, n] for key, n in counts.items()],
                [[*key, figure] for key, figure in subscribers.items()],
            )
        except Exception:
            logger.warning("Statistics not queued; kept for the next flush.", exc_info=True)
            self.give_back(counts, subscribers)

    def start_flusher(self):
        """Start this process's flushing thread, once (again in a process forked from it)."""
        if self.flusher_pid == os.getpid():
            return
        self.flusher_pid = os.getpid()
        threading.Thread(target=self.flush_every_interval, name="stats-flush", daemon=True).start()
        atexit.register(self.flush)

    def flush_every_interval(self):
        while True:
            time.sleep(settings.STATS_FLUSH_SECONDS)
            self.flush()
            connections.close_all()  # this thread's own


tally = Tally()


@task()
def record_totals(counts, subscribers):
    """Add one process's gathered counts to the daily totals."""
    with transaction.atomic():
        for kind, day, path, *rest in counts:
            *key, n = rest
            if kind == "page":
                (field,) = key
                add_to(PageDay, {"day": day, "path": path}, field, n)
                add_to(PageMonth, {"month": f"{day[:7]}-01", "path": path}, field, n)
            elif kind == "source":
                group, name = key
                add_to(SourceDay, {"day": day, "path": path, "group": group, "name": name},
                       "views", n)  # fmt: skip
            elif kind == "campaign":
                (campaign,) = key
                add_to(CampaignDay, {"day": day, "path": path, "campaign": campaign}, "views", n)
        for day, feed, reader, figure in subscribers:
            FeedSubscribersDay.objects.update_or_create(
                day=day, feed=feed, reader=reader, defaults={"subscribers": figure}
            )


def add_to(model, key, field, n):
    row, created = model.objects.get_or_create(**key, defaults={field: n})
    if not created:
        model.objects.filter(pk=row.pk).update(**{field: F(field) + n})
