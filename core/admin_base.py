"""Admin pieces shared by the apps: publish actions and URL fields that assume https."""

from django.contrib import admin, messages
from django.db import models

# Links typed without a scheme ("github.com/me") become https:// links.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.action(description="Publish selected items")
def publish(modeladmin, request, queryset):
    count = queryset.update(is_published=True)
    modeladmin.message_user(request, f"{count} published.", messages.SUCCESS)


@admin.action(description="Unpublish selected items")
def unpublish(modeladmin, request, queryset):
    count = queryset.update(is_published=False)
    modeladmin.message_user(request, f"{count} unpublished.", messages.SUCCESS)
