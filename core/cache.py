"""Cached page fragments, invalidated as soon as the owner changes any content.

Every cached fragment's key includes the content version, a random token replaced whenever a
content row is saved or deleted; old fragments are then never read again and expire. With a
shared cache (Redis) the change is seen by every app process at once.

An app whose rows appear on public pages calls `invalidate_on_change(self)` in its
AppConfig.ready(); nothing here knows which apps those are.
"""

from uuid import uuid4

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

VERSION_KEY = "portfolio:content-version"
# The longest a fragment lives; a shorter time when something scheduled is due sooner.
FRAGMENT_TIMEOUT = 600


def content_version():
    return cache.get_or_set(VERSION_KEY, lambda: uuid4().hex, timeout=None)


def content_changed(**kwargs):
    """Start a new content version; usable as a signal receiver."""
    cache.set(VERSION_KEY, uuid4().hex, timeout=None)


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


def fragment_timeout(next_change_at=None):
    """Seconds a fragment may be kept: until `next_change_at` (a scheduled item), at most."""
    if next_change_at is None:
        return FRAGMENT_TIMEOUT
    seconds = int((next_change_at - timezone.now()).total_seconds()) + 1
    return max(1, min(FRAGMENT_TIMEOUT, seconds))
