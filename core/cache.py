"""The content version: one token that every cached page's key includes.

The token is replaced whenever a content row is saved or deleted, and when the next scheduled
change falls due (an article published for a later date), so old cached pages are never read
again and simply expire. With a shared cache (Redis) the change is seen by every app process at
once.

An app whose rows appear on public pages calls `invalidate_on_change(self)` in its
AppConfig.ready(), and `watch_schedule(...)` for rows that become public by themselves at a
set time; nothing here knows which apps those are.
"""

from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

VERSION_KEY = "portfolio:content-version"
_schedules = []


def watch_schedule(next_change_at):
    """Register a function returning when content next changes by itself (or None)."""
    _schedules.append(next_change_at)


def _start_version():
    due = [when for when in (schedule() for schedule in _schedules) if when is not None]
    entry = {"token": uuid4().hex, "next_change_at": min(due, default=None)}
    cache.set(VERSION_KEY, entry, timeout=None)
    return entry


def content_version():
    """The current content version's token."""
    entry = cache.get(VERSION_KEY)
    if entry is None or (entry["next_change_at"] and entry["next_change_at"] <= timezone.now()):
        entry = _start_version()
    return entry["token"]


def content_changed(**kwargs):
    """Start a new content version now, and again once the change is committed; usable as a
    signal receiver.

    A page rendered between the two reads the rows as they were before the commit and is kept
    under the first new version, which the second makes unreachable.
    """
    _start_version()
    transaction.on_commit(_start_version)


def invalidate_on_change(app_config):
    """Start a new content version whenever a row of one of the app's models changes."""
    for model in app_config.get_models():
        uid = f"content-changed:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:m2m"
            )
