"""Admin pieces shared by the apps: publish actions and URL fields that assume https."""

from django.contrib import admin, messages
from django.db import models

from core.cache import content_changed

# Links typed without a scheme ("github.com/me") become https:// links.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def _set_published(modeladmin, request, queryset, is_published):
    """For any queryset with a `set_published()` method (see core.models.PublishedQuerySet)."""
    count = queryset.set_published(is_published)
    content_changed()  # update() sends no save signals
    done = "published" if is_published else "unpublished"
    modeladmin.message_user(request, f"{count} {done}.", messages.SUCCESS)


@admin.action(description="Publish selected items")
def publish(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, True)


@admin.action(description="Unpublish selected items")
def unpublish(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, False)
