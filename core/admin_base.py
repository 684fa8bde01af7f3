"""Admin pieces shared by the apps: publish actions and URL fields that assume https (the
admin of the owner's texts is writing.admin)."""

from django.contrib import admin, messages
from django.db import models

# Links typed without a scheme ("github.com/me") become https:// links.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def _set_published(modeladmin, request, queryset, is_published):
    """For any queryset with a `set_published()` method (see core.models.PublishedQuerySet)."""
    count = queryset.set_published(is_published)
    done = "published" if is_published else "unpublished"
    modeladmin.message_user(request, f"{count} {done}.", messages.SUCCESS)


@admin.action(description="Publish selected items")
def publish(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, True)


@admin.action(description="Unpublish selected items")
def unpublish(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, False)
