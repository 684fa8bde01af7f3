"""What one beacon hit counts (docs/statistics.md).

A visitor is a keyed hash (BLAKE2b) of the site, the client's address and its user agent, keyed
with a random salt of the day, as Plausible counts: the same person is one visitor all day, and
nothing links two days, because each day's salt is new and is deleted when the day ends. A hash
lives only in the statistics cache, as the key that marks a visitor seen until midnight; the
database is given the day's numbers.
"""

import re
import secrets
from datetime import datetime, time, timedelta
from hashlib import blake2b
from urllib.parse import parse_qs, urlsplit

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core.cache import caches
from django.urls import Resolver404, resolve
from django.utils import timezone

from stats.models import SITE, SourceDay
from stats.sources import source_of
from stats.tally import tally
from web.http import client_ip, signed_in

crawlers = CrawlerDetect()

# Feed readers say how many of their users follow a feed in their User-Agent:
# "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1234 subscribers; )".
SUBSCRIBERS = re.compile(r"(\d{1,9}) (?:subscribers|readers)\b", re.IGNORECASE)
FEED_READERS = {
    "feedly": "Feedly",
    "inoreader": "Inoreader",
    "newsblur": "NewsBlur",
    "feedbin": "Feedbin",
    "theoldreader": "The Old Reader",
    "bazqux": "BazQux",
    "feedspot": "Feedspot",
    "feedhq": "FeedHQ",
    "netnewswire": "NetNewsWire",
}


def is_a_readers_visit(request):
    """Whether a request comes from a person reading: not from the signed-in owner, a crawler
    or a browser fetching a page ahead of time (a prefetch)."""
    user_agent = request.headers.get("User-Agent", "")
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    return (
        bool(user_agent.strip())
        and not signed_in(request)
        and "prefetch" not in purpose.lower()
        and not crawlers.is_crawler(user_agent)
    )


def count_view(request, path, referrer, campaign, scripted=True):
    """A page view: one more view of the page and of the site, a visitor of each if new today,
    its source (unknown without the script, which alone knows the referrer) and campaign."""
    day = timezone.localdate()
    visitor = visitor_hash(request, day)
    if scripted:
        group, name = source_of(referrer, urlsplit(settings.SITE_URL).hostname)
    else:
        group, name = SourceDay.Group.UNKNOWN, ""
    for where in (path, SITE):
        tally.add("page", day.isoformat(), where, "views")
        if first_seen(day, visitor, where):
            tally.add("page", day.isoformat(), where, "visitors")
        tally.add("source", day.isoformat(), where, group, name)
        if campaign:
            tally.add("campaign", day.isoformat(), where, campaign)


def count_read(path):
    """A reader reached the end of an article's text."""
    day = timezone.localdate().isoformat()
    tally.add("page", day, path, "reads")
    tally.add("page", day, SITE, "reads")


def count_feed_subscribers(request, feed):
    """Keep the latest subscriber figure a feed reader's User-Agent reports; say whether it did."""
    user_agent = request.headers.get("User-Agent", "")
    found = SUBSCRIBERS.search(user_agent)
    if not found:
        return False
    lowered = user_agent.lower()
    reader = next((name for key, name in FEED_READERS.items() if key in lowered), None)
    reader = reader or re.split(r"[/;( ]", user_agent.strip(), maxsplit=1)[0][:100] or "Other"
    tally.report_subscribers(timezone.localdate().isoformat(), feed, reader, int(found.group(1)))
    return True


def visitor_hash(request, day):
    """The visitor's hash for the day (see the module's docstring)."""
    user_agent = request.headers.get("User-Agent", "")
    seen_as = "\0".join([settings.SITE_URL, client_ip(request), user_agent])
    return blake2b(seen_as.encode(), key=daily_salt(day), digest_size=16).hexdigest()


def first_seen(day, visitor, path):
    """Whether the visitor is seen on the page (or site) for the first time today."""
    key = blake2b(f"{visitor}\0{path}".encode(), digest_size=16).hexdigest()
    return caches["stats"].add(f"stats:seen:{day}:{key}", True, timeout=seconds_left(day))


def daily_salt(day):
    """The day's random salt, shared by every app process through the statistics cache, made
    on the day's first hit and gone at midnight (`purge_stats` deletes it too). Each process
    keeps today's in memory after reading it once."""
    if day not in salts:
        key = salt_key(day)
        caches["stats"].add(key, secrets.token_bytes(32), timeout=seconds_left(day))
        salt = caches["stats"].get(key)
        if salt is None:
            # The cache failed: a salt of this hit's own, which counts a visitor more, not less.
            return secrets.token_bytes(32)
        salts.clear()  # yesterday's
        salts[day] = salt
    return salts[day]


# Today's salt, as this process read it from the cache.
salts = {}


def salt_key(day):
    return f"stats:salt:{day}"


def seconds_left(day):
    """Seconds until the day ends, in the site's time zone."""
    midnight = datetime.combine(day + timedelta(days=1), time(), timezone.get_current_timezone())
    return max(1, int((midnight - timezone.now()).total_seconds()))


def is_a_page(path):
    """Whether a path is one of the site's addresses (whether or not a page is there today)."""
    if not path.startswith("/"):
        return False
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def page_and_campaign(address):
    """The path and campaign tag (utm_source, else ref) of an address on this site (the
    <noscript> beacon's Referer), or ("", "") for any other, or none that parses."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return "", ""
    if parts.netloc != urlsplit(settings.SITE_URL).netloc:
        return "", ""
    tags = parse_qs(parts.query)
    return parts.path, (tags.get("utm_source") or tags.get("ref") or [""])[0].strip()
