"""Articles written for this site, and articles the owner published elsewhere."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from core.models import PublishedQuerySet
from core.search import SearchFields, SearchResult, update_search_vector
from core.signals import rows_updated
from images.models import cover_image_field
from images.sharecards import share_card
from owner.models import Profile
from writing.fields import markdown_text_field
from writing.markdown import count_words, has_highlighted_code, reading_minutes, render_markdown

# A table of contents is shown beside articles with at least this many headings.
TOC_MIN_HEADINGS = 3


class LabelQuerySet(models.QuerySet):
    """Categories and tags: public only while they label a published article."""

    def with_published_articles(self):
        """Each with `latest_published_at`, the date of its newest published article."""
        return (
            self.filter(articles__in=Article.objects.published())
            .annotate(latest_published_at=Max("articles__published_at"))
            .order_by(*self.model._meta.ordering)
        )


class Category(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = LabelQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})

    @property
    def listing_title(self):
        return f"{self.name} articles"

    @property
    def listing_heading(self):
        return self.name

    @property
    def listing_description(self):
        return f"Articles about {self.name}"

    def articles_filter(self):
        return Q(category=self)


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(unique=True)

    objects = LabelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})

    @property
    def listing_title(self):
        return f"Articles tagged “{self.name}”"

    @property
    def listing_heading(self):
        return f"Tagged “{self.name}”"

    @property
    def listing_description(self):
        return f"Articles tagged {self.name}"

    def articles_filter(self):
        return Q(tags=self)


# Columns that hold a whole article; a page listing many articles does not load them.
LONG_TEXT_FIELDS = ["body", "body_html", "body_text", "toc_html", "search_vector"]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Published articles whose publish date has come: scheduling needs no job."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published articles whose publish date is still to come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def next_scheduled_at(self):
        """When the next scheduled article appears, or None."""
        return self.scheduled().aggregate(due=models.Min("published_at"))["due"]

    def set_published(self, is_published):
        """Publish (keeping each publish date) or return to draft; returns how many changed."""
        status = Article.Status.PUBLISHED if is_published else Article.Status.DRAFT
        count = self.update(status=status)
        rows_updated.send(sender=Article)  # update() sends no save signal
        return count

    def older_than(self, article):
        """The article published just before `article`, or None."""
        return self.filter(published_at__lt=article.published_at).order_by("-published_at").first()

    def newer_than(self, article):
        """The article published just after `article`, or None."""
        return self.filter(published_at__gt=article.published_at).order_by("published_at").first()

    def related_to(self, article, limit=3):
        """Articles sharing the category or tags of `article`, most shared tags first."""
        tag_ids = [tag.pk for tag in article.tags.all()]
        return (
            self.exclude(pk=article.pk)
            .filter(Q(category=article.category_id) | Q(tags__in=tag_ids))
            .annotate(shared_tags=Count("tags", filter=Q(tags__in=tag_ids)))
            .order_by("-shared_tags", "-published_at")[:limit]
        )

    def as_cards(self):
        """Without the long text columns, which cards, links and listings never show."""
        return self.select_related("category", "cover_image").defer(*LONG_TEXT_FIELDS)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    summary = models.TextField(help_text="Shown on cards, in feeds and as the meta description.")
    body = markdown_text_field(blank=True)
    cover_image = cover_image_field("article")
    share_image = models.CharField(max_length=100, blank=True, editable=False)

    # A change to these moves the "Updated" date; a change of status or tags does not.
    TEXT_FIELDS = ("title", "summary", "body")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish date",
        default=timezone.now,
        help_text="A published article with a future date appears by itself at that time.",
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the text last changed."
    )
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="", help_text="The body without markup.")
    toc_html = models.TextField(editable=False, default="")
    word_count = models.PositiveIntegerField(editable=False, default=0)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=0)
    # Full-text search on PostgreSQL (GIN-indexed there); always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    # What search looks at, by weight: the title, then the summary, then the rendered text.
    SEARCH_FIELDS = SearchFields(
        weights={"title": "A", "summary": "B", "body_text": "C"},
        snippet=("summary", "body_text"),
        fallback_snippet="summary",
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_listing_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The row as stored before this save, read once: what changed, and where it was public.
        stored = Article.objects.filter(pk=self.pk).values(*self.TEXT_FIELDS, "slug", "status",
                                                            "published_at").first()  # fmt: skip
        before = Article(**stored) if stored else None
        if before and any(getattr(before, f) != getattr(self, f) for f in self.TEXT_FIELDS):
            self.updated_at = timezone.now()
        old_public_slug = before.slug if before and before.is_public else None
        self.render_markdown()
        self.share_image = share_card(
            self.title, self.category.name, Profile.load().name, self.cover_image
        )
        super().save(*args, **kwargs)
        update_search_vector(self)
        # Links to the old address keep working: a published article's old slug answers 301.
        ArticleRedirect.objects.filter(old_slug=self.slug).delete()
        if old_public_slug and old_public_slug != self.slug:
            ArticleRedirect.objects.update_or_create(
                old_slug=old_public_slug, defaults={"article": self}
            )

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def render_markdown(self):
        """Store the body's HTML and everything derived from the text."""
        rendered = render_markdown(self.body)
        self.body_html = rendered.html
        self.body_text = rendered.text
        self.toc_html = rendered.toc_html if rendered.heading_count >= TOC_MIN_HEADINGS else ""
        self.word_count = count_words(self.body)
        self.reading_minutes = reading_minutes(self.body)

    def as_search_result(self):
        return SearchResult(
            "Article", self.title, self.get_absolute_url(), self.snippet, self.published_at
        )

    @property
    def has_code(self):
        return has_highlighted_code(self.body_html)

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def last_modified(self):
        return self.updated_at or self.published_at

    @property
    def was_updated(self):
        return bool(self.updated_at) and self.updated_at.date() > self.published_at.date()


class Publication(models.Model):
    """Another site the owner writes for, such as Unite.AI."""

    name = models.CharField(max_length=80, unique=True)
    url = models.URLField("URL", blank=True)
    all_articles_url = models.URLField(
        "URL of all the owner's articles",
        blank=True,
        help_text="When set, the site links to it with the label below.",
    )
    all_articles_label = models.CharField(max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ArticleRedirect(models.Model):
    """An address a published article had before its slug changed; it answers with a 301."""

    old_slug = models.SlugField(unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"/articles/{self.old_slug}/ → {self.article.get_absolute_url()}"


class ExternalArticle(models.Model):
    """An article the owner published on another site."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=200)
    url = models.URLField("URL", unique=True)
    published_on = models.DateField()
    summary = models.TextField(blank=True)
    is_published = models.BooleanField("shown on the site", default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return self.title
