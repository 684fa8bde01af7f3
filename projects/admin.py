from django.contrib import admin

from core.admin_base import HTTPS_URL_FIELDS, publish, unpublish
from projects.models import Feature, Project
from writing.admin import VersionedAdmin


class FeatureInline(admin.TabularInline):
    model = Feature
    extra = 1


@admin.register(Project)
class ProjectAdmin(VersionedAdmin):
    list_display = ["name", "category", "order", "is_published", "updated_at"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "category"]
    search_fields = ["name", "category", "technologies", "problem", "solution", "impact"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FeatureInline]
    formfield_overrides = HTTPS_URL_FIELDS
    actions = [publish, unpublish]
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "summary", "technologies"]}),
        ("Case study", {"fields": ["cover_image", "problem", "solution", "impact"]}),
        ("Links", {"fields": ["repository_url", "live_url"]}),
        ("Visibility", {"fields": ["order", "is_published"]}),
    ]
