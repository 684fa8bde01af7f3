from django.contrib import admin

from core.admin_base import publish, unpublish
from experience.models import Highlight, Role, Skill, SkillGroup
from writing.admin import VersionedAdmin


class HighlightInline(admin.StackedInline):
    model = Highlight
    extra = 0
    fields = ["name", "text", "order"]


@admin.register(Role)
class RoleAdmin(VersionedAdmin):
    list_display = ["title", "organisation", "location", "period", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["organisation", "is_published"]
    search_fields = ["title", "organisation", "summary", "highlights__text"]
    inlines = [HighlightInline]
    actions = [publish, unpublish]


class SkillInline(admin.TabularInline):
    model = Skill
    extra = 1


@admin.register(SkillGroup)
class SkillGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "skill_names", "order"]
    list_editable = ["order"]
    search_fields = ["name", "skills__name"]
    inlines = [SkillInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("skills")

    @admin.display(description="Skills")
    def skill_names(self, group):
        return ", ".join(skill.name for skill in group.skills.all())


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    """A skill and its evidence: the roles, projects and articles its page lists."""

    list_display = ["name", "group", "order"]
    list_filter = ["group"]
    search_fields = ["name"]
    filter_horizontal = ["roles", "projects", "articles"]
