"""Cached page fragments, invalidated as soon as the owner changes any content.

Every cached fragment's key includes the content version, a random token replaced whenever a
content row is saved or deleted; old fragments are then never read again and expire. With a
shared cache (Redis) the change is seen by every app process at once.
"""

from uuid import uuid4

from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "portfolio:content-version"
# The longest a fragment lives; a shorter time when a scheduled article is due sooner.
FRAGMENT_TIMEOUT = 600
# The apps whose rows appear on public pages (contact messages do not).
CONTENT_APPS = {"core", "experience", "projects", "articles", "testimonials"}


def content_version():
    return cache.get_or_set(VERSION_KEY, lambda: uuid4().hex, timeout=None)


def content_changed(**kwargs):
    """Start a new content version; usable as a signal receiver."""
    cache.set(VERSION_KEY, uuid4().hex, timeout=None)


def fragment_timeout():
    """Seconds a fragment may be kept: until the next scheduled article is due, at most."""
    from articles.models import Article

    due = Article.objects.next_scheduled_at()
    if due is None:
        return FRAGMENT_TIMEOUT
    return max(1, min(FRAGMENT_TIMEOUT, int((due - timezone.now()).total_seconds()) + 1))
