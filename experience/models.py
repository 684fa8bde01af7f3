"""Where the owner has worked, what they did there, and the technical toolkit."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils.dateformat import format as format_date

from core.models import PublishedQuerySet


class Role(models.Model):
    organisation = models.CharField(max_length=120)
    title = models.CharField(max_length=120)
    location = models.CharField(max_length=120, help_text='A place, or "Remote".')
    start_date = models.DateField(help_text="Only the month and year are shown.")
    end_date = models.DateField(
        null=True, blank=True, help_text='Leave empty while the role is current ("Present").'
    )
    summary = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="role_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A role cannot end before it starts."})

    @property
    def is_current(self):
        return self.end_date is None

    @property
    def period(self):
        """The months of the role as the site shows them: "Oct 2023 – Present"."""
        end = format_date(self.end_date, "M Y") if self.end_date else "Present"
        return f"{format_date(self.start_date, 'M Y')} – {end}"


class Highlight(models.Model):
    """One achievement in a role, optionally led by a short name ("Latency Optimization")."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="highlights")
    name = models.CharField(max_length=120, blank=True)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name or self.text[:60]


class SkillGroup(models.Model):
    name = models.CharField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class SkillQuerySet(models.QuerySet):
    def for_toolkit(self):
        """Every skill with its group, in the order the toolkit shows them, each marked
        `has_evidence` when a published role, project or article shows it: one query."""
        return (
            self.select_related("group")
            .annotate(has_evidence=ExpressionWrapper(_shown(), output_field=models.BooleanField()))
            .order_by("group__order", "group_id", "order", "pk")
        )

    def with_evidence(self):
        """The skills a published role, project or article shows: those that have a page."""
        return self.filter(_shown())


def _shown():
    """Whether a published role, project or article shows the skill (in a skill query). The
    models are reached through the skill's relations, so that this app imports no other."""
    shown = Q()
    for relation in ["roles", "projects", "articles"]:
        model = Skill._meta.get_field(relation).related_model
        shown |= Q(Exists(model.objects.published().filter(skills_shown=OuterRef("pk"))))
    return shown


class Skill(models.Model):
    group = models.ForeignKey(SkillGroup, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    # The evidence: where the owner's work shows this skill. Projects and articles are named by
    # label rather than imported, so that this app keeps to itself (see the import contract).
    roles = models.ManyToManyField(Role, blank=True, related_name="skills_shown")
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="skills_shown")
    articles = models.ManyToManyField("articles.Article", blank=True, related_name="skills_shown")

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="unique_skill_per_group")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("experience:skill", kwargs={"pk": self.pk})
