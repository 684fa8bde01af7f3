from django.contrib import admin

from core.admin_base import HTTPS_URL_FIELDS, publish, unpublish
from testimonials.models import Group, Testimonial
from writing.admin import VersionedAdmin


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "topic", "source", "order"]
    list_editable = ["order"]
    search_fields = ["topic", "source"]


@admin.register(Testimonial)
class TestimonialAdmin(VersionedAdmin):
    list_display = ["author", "author_title", "group", "order", "is_approved", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["group", "is_approved", "is_published"]
    formfield_overrides = HTTPS_URL_FIELDS
    list_select_related = ["group"]
    search_fields = ["author", "author_title", "quote"]
    actions = [publish, unpublish]
