"""Admin pieces shared by the apps: publish actions and URL fields that assume https."""

from django.contrib import admin, messages
from django.db import models
from django.utils import timezone

from core.cache import content_changed

# Links typed without a scheme ("github.com/me") become https:// links.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def _set_published(queryset, is_published):
    changes = {"is_published": is_published}
    # update() skips auto_now, and sitemaps read updated_at as the last change.
    if any(field.name == "updated_at" for field in queryset.model._meta.get_fields()):
        changes["updated_at"] = timezone.now()
    count = queryset.update(**changes)
    content_changed()  # update() sends no save signals
    return count


@admin.action(description="Publish selected items")
def publish(modeladmin, request, queryset):
    count = _set_published(queryset, True)
    modeladmin.message_user(request, f"{count} published.", messages.SUCCESS)


@admin.action(description="Unpublish selected items")
def unpublish(modeladmin, request, queryset):
    count = _set_published(queryset, False)
    modeladmin.message_user(request, f"{count} unpublished.", messages.SUCCESS)
