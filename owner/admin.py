from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from core.admin_base import HTTPS_URL_FIELDS
from owner.models import Profile, SocialLink, Stat
from writing.admin import VersionedAdmin


@admin.register(Profile)
class ProfileAdmin(VersionedAdmin):
    list_display = ["name", "role", "is_available", "available_until", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "role", "email", "picture"]}),
        (
            "Hero",
            {
                "fields": [
                    "availability_text",
                    "is_available",
                    "available_until",
                    "available_for",
                    "headline",
                    "intro",
                ]
            },
        ),
        ("About", {"fields": ["about_heading", "about_markdown"]}),
        (
            "Home page sections",
            {
                "fields": [
                    "experience_heading",
                    ("testimonials_heading", "testimonials_intro"),
                    "toolkit_heading",
                    "projects_heading",
                    ("articles_heading", "articles_intro"),
                    ("external_heading", "external_intro"),
                    ("cta_heading", "cta_text"),
                    ("contact_heading", "contact_intro"),
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # The site has one profile.
        return not Profile.objects.exists()

    def changelist_view(self, request, extra_context=None):
        """There is one profile: its list is its page (or the form to make it, before the first
        content load)."""
        profile = Profile.objects.order_by("pk").first()
        if profile is None:
            return HttpResponseRedirect(reverse("admin:owner_profile_add"))
        return HttpResponseRedirect(reverse("admin:owner_profile_change", args=[profile.pk]))


@admin.register(SocialLink)
class SocialLinkAdmin(admin.ModelAdmin):
    list_display = ["label", "url", "order"]
    list_editable = ["url", "order"]
    search_fields = ["label", "url"]
    formfield_overrides = HTTPS_URL_FIELDS


@admin.register(Stat)
class StatAdmin(admin.ModelAdmin):
    list_display = ["value", "label", "order"]
    list_editable = ["order"]
    list_display_links = ["value", "label"]
