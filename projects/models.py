"""Projects shown as case studies: the problem, the solution, its features and its impact."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags

from core.models import PublishedQuerySet
from core.search import SearchFields, SearchResult, update_search_vector
from images.models import cover_image_field
from images.sharecards import share_card
from owner.models import Profile
from writing.fields import markdown_text_field
from writing.markdown import has_highlighted_code, render_markdown


class Project(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=120, help_text='e.g. "Developer Tools / SaaS".')
    summary = models.CharField(
        max_length=300, blank=True, help_text="One sentence for listings, search and previews."
    )
    technologies = models.CharField(
        max_length=300, blank=True, help_text="Comma-separated, in the order shown."
    )
    problem = markdown_text_field()
    solution = markdown_text_field()
    impact = markdown_text_field(blank=True)
    cover_image = cover_image_field("project")
    share_image = models.CharField(max_length=100, blank=True, editable=False)
    problem_html = models.TextField(editable=False, default="")
    solution_html = models.TextField(editable=False, default="")
    impact_html = models.TextField(editable=False, default="")
    repository_url = models.URLField("repository URL", blank=True)
    live_url = models.URLField("live URL", blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text search on PostgreSQL (GIN-indexed there); always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublishedQuerySet.as_manager()

    # What search looks at, by weight: the name, then what it is, then the case study.
    SEARCH_FIELDS = SearchFields(
        weights={
            "name": "A",
            "category": "B",
            "technologies": "B",
            "summary": "B",
            "problem": "C",
            "solution": "C",
            "impact": "C",
        },
        snippet=("problem", "solution", "impact"),
        fallback_snippet="description",
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.render_markdown()
        self.share_image = share_card(
            self.name, self.category, Profile.load().name, self.cover_image
        )
        super().save(*args, **kwargs)
        update_search_vector(self)

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def render_markdown(self):
        self.problem_html = render_markdown(self.problem).html
        self.solution_html = render_markdown(self.solution).html
        self.impact_html = render_markdown(self.impact).html

    def as_search_result(self):
        return SearchResult("Project", self.name, self.get_absolute_url(), self.snippet)

    @property
    def has_code(self):
        return any(
            map(has_highlighted_code, [self.problem_html, self.solution_html, self.impact_html])
        )

    @property
    def technology_list(self):
        return [name.strip() for name in self.technologies.split(",") if name.strip()]

    @property
    def description(self):
        """A plain-text description for metadata: the summary, or else the problem statement."""
        return self.summary or " ".join(strip_tags(self.problem_html).split())


class Feature(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="features")
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text
