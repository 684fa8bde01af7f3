from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from core.admin_base import HTTPS_URL_FIELDS, VersionedAdmin
from core.models import Image, Profile, SocialLink, Stat

admin.site.site_header = "Portfolio administration"
admin.site.site_title = "Portfolio admin"
admin.site.index_title = "Site content"


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
            return HttpResponseRedirect(reverse("admin:core_profile_add"))
        return HttpResponseRedirect(reverse("admin:core_profile_change", args=[profile.pk]))


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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "slug", "alt", "dimensions", "uploaded_at"]
    search_fields = ["slug", "alt", "caption", "credit"]
    prepopulated_fields = {"slug": ["alt"]}
    readonly_fields = ["reference", "preview", "dimensions"]
    fields = ["file", "alt", "slug", "caption", "credit", "reference", "preview", "dimensions"]

    @admin.display(description="Place it with")
    def reference(self, image):
        return f"![{image.alt}](image:{image.slug})" if image.pk else "(once uploaded)"

    @admin.display(description="Preview")
    def preview(self, image):
        if not image.renditions:
            return "—"
        smallest = image.rendition_list[0]
        return format_html('<img src="{}" alt="" width="160">', smallest.url)

    @admin.display(description="Size")
    def dimensions(self, image):
        return f"{image.width} × {image.height} px" if image.width else "—"
