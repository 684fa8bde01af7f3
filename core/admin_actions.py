"""Admin actions shared by every model with an `is_published` flag."""

from django.contrib import admin, messages


@admin.action(description="Publish selected items")
def publish(modeladmin, request, queryset):
    count = queryset.update(is_published=True)
    modeladmin.message_user(request, f"{count} published.", messages.SUCCESS)


@admin.action(description="Unpublish selected items")
def unpublish(modeladmin, request, queryset):
    count = queryset.update(is_published=False)
    modeladmin.message_user(request, f"{count} unpublished.", messages.SUCCESS)
