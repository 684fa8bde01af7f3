"""A large, deterministic data set for the benchmark and the query-budget tests.

`generate()` adds articles (with code blocks), projects (with features), testimonials and the
rest of a home page to the database, in bulk; `generate_statistics()` adds a year of reading
statistics for those articles and the site. The same arguments (and the same day, for the
statistics) always give the same rows.
"""

import random
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from articles.models import Article, Category, ExternalArticle, Publication, Tag
from experience.models import Highlight, Role, Skill, SkillGroup
from owner.models import Profile, Stat
from projects.models import Feature, Project
from stats.models import SITE, CampaignDay, FeedSubscribersDay, PageDay, PageMonth, SourceDay
from testimonials.models import Group, Testimonial
from writing.markdown import count_words, reading_minutes, render_markdown

START = datetime(2020, 1, 1, 9, tzinfo=UTC)
WORDS = [
    "queue",
    "worker",
    "cache",
    "latency",
    "index",
    "query",
    "request",
    "response",
    "retry",
    "backoff",
    "schema",
    "migration",
    "replica",
    "shard",
    "token",
    "bucket",
    "window",
    "throughput",
    "partition",
    "consumer",
    "producer",
    "broker",
    "event",
    "stream",
    "snapshot",
    "transaction",
    "isolation",
    "lock",
    "deadlock",
    "vacuum",
    "planner",
]
CODE = '''```python
def fetch_{n}(client, key, retries=3):
    """Read {word} from the cache, then from the database."""
    for attempt in range(retries):
        value = client.get(f"{word}:{{key}}")
        if value is not None:
            return value
        time.sleep(0.05 * 2 ** attempt)
    return load_from_database(key)
```'''
# Distinct bodies rendered once each and shared in turn, so that 1,000 articles load quickly.
BODY_VARIANTS = 20


def _paragraph(rng, words=80):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text.capitalize() + "."


def _body(rng, n):
    sections = []
    for part in range(4):
        sections.append(f"## Part {part + 1}: {rng.choice(WORDS)} and {rng.choice(WORDS)}")
        sections += [_paragraph(rng), CODE.format(n=n, word=rng.choice(WORDS)), _paragraph(rng)]
    return "\n\n".join(sections) + "\n"


def generate(articles=1000, projects=50, testimonials=100, seed=2026):
    rng = random.Random(seed)
    if not Profile.objects.exists():
        Profile.objects.create(
            name="Bench Owner", role="Backend engineer", headline="A large site",
            intro="Many articles.", about_heading="About", about_markdown="About the owner.",
            experience_heading="Experience", testimonials_heading="Testimonials",
            toolkit_heading="Toolkit", projects_heading="Projects", articles_heading="Articles",
            external_heading="Elsewhere", cta_heading="Work together", contact_heading="Contact",
        )  # fmt: skip
    Stat.objects.bulk_create(Stat(value=f"{n}+", label=f"Bench figure {n}") for n in range(3))

    categories = Category.objects.bulk_create(
        Category(name=f"Bench category {n}", slug=f"bench-category-{n}", order=n) for n in range(8)
    )
    tags = Tag.objects.bulk_create(
        Tag(name=f"Bench tag {n}", slug=f"bench-tag-{n}") for n in range(30)
    )
    bodies = []
    for variant in range(BODY_VARIANTS):
        body = _body(rng, variant)
        rendered = render_markdown(body)
        bodies.append((body, rendered))
    rows = []
    for n in range(articles):
        body, rendered = bodies[n % BODY_VARIANTS]
        rows.append(
            Article(
                slug=f"bench-article-{n}",
                title=f"Bench article {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                category=categories[n % len(categories)],
                summary=_paragraph(rng, 25),
                body=body,
                body_html=rendered.html,
                body_text=rendered.text,
                toc_html=rendered.toc_html,
                word_count=count_words(body),
                reading_minutes=reading_minutes(body),
                status=Article.Status.PUBLISHED,
                published_at=START + timedelta(hours=n),
            )
        )
    created = Article.objects.bulk_create(rows, batch_size=200)
    Article.tags.through.objects.bulk_create(
        (
            Article.tags.through(article_id=article.pk, tag_id=tags[(index + k) % len(tags)].pk)
            for index, article in enumerate(created)
            for k in range(3)
        ),
        batch_size=1000,
    )

    made = Project.objects.bulk_create(
        Project(
            slug=f"bench-project-{n}",
            name=f"Bench project {n}",
            category="Bench tools",
            summary=_paragraph(rng, 15),
            technologies="Python, PostgreSQL, Redis",
            problem=_paragraph(rng, 40),
            solution=_paragraph(rng, 40),
            impact=_paragraph(rng, 20),
            problem_html=f"<p>{_paragraph(rng, 40)}</p>",
            solution_html=f"<p>{_paragraph(rng, 40)}</p>",
            impact_html=f"<p>{_paragraph(rng, 20)}</p>",
            order=n,
        )
        for n in range(projects)
    )
    Feature.objects.bulk_create(
        Feature(project=project, text=_paragraph(rng, 8), order=k)
        for project in made
        for k in range(4)
    )

    groups = Group.objects.bulk_create(
        Group(topic=f"Bench topic {n}", source="Bench", order=n) for n in range(5)
    )
    Testimonial.objects.bulk_create(
        Testimonial(
            group=groups[n % len(groups)],
            author=f"Bench colleague {n}",
            author_title="Engineer",
            quote=_paragraph(rng, 30),
            order=n,
        )
        for n in range(testimonials)
    )
    roles = Role.objects.bulk_create(
        Role(
            organisation=f"Bench company {n}",
            title="Engineer",
            location="Remote",
            start_date=date(2015 + n, 1, 1),
            order=n,
        )
        for n in range(4)
    )
    Highlight.objects.bulk_create(
        Highlight(role=role, text=_paragraph(rng, 20), order=k) for role in roles for k in range(4)
    )
    skill_groups = SkillGroup.objects.bulk_create(
        SkillGroup(name=f"Bench skills {n}", order=n) for n in range(5)
    )
    Skill.objects.bulk_create(
        Skill(group=group, name=f"Skill {group.order}.{k}", order=k)
        for group in skill_groups
        for k in range(7)
    )
    publication = Publication.objects.create(name="Bench Weekly", order=99)
    ExternalArticle.objects.bulk_create(
        ExternalArticle(
            publication=publication,
            title=f"Bench external {n}",
            url=f"https://bench.example/{n}",
            published_on=date(2024, 1, 1) + timedelta(days=n),
        )
        for n in range(10)
    )
    return {"articles": articles, "projects": projects, "testimonials": testimonials}


# Where the site's readers come from each day: (group, name, share of the day's views).
SITE_SOURCES = [
    (SourceDay.Group.SEARCH, "Google", 0.38),
    (SourceDay.Group.SEARCH, "DuckDuckGo", 0.07),
    (SourceDay.Group.SEARCH, "Bing", 0.03),
    (SourceDay.Group.SOCIAL, "Hacker News", 0.09),
    (SourceDay.Group.SOCIAL, "Reddit", 0.04),
    (SourceDay.Group.FEEDS, "Feedly", 0.02),
    (SourceDay.Group.SITES, "blog.example.org", 0.03),
    (SourceDay.Group.DIRECT, "", 0.18),
    (SourceDay.Group.INTERNAL, "", 0.14),
    (SourceDay.Group.UNKNOWN, "", 0.02),
]
CAMPAIGNS = ["newsletter", "mastodon", "conference-talk"]
FEED = "/articles/feed.atom"
FEED_READERS = {"Feedly": 120, "Inoreader": 40, "NewsBlur": 12}
# Rows handed to the database at once.
STATISTICS_BATCH = 10000


def generate_statistics(articles=1000, days=365, seed=2026):
    """Daily totals for the `days` days ending today: each of the first `articles` bench articles
    (views long-tailed: a few articles take most of them) and the site every day, with one source
    for each article's day and several for the site's, a few campaigns and three feed readers'
    subscribers. Returns the rows made of each table."""
    rng = random.Random(seed)
    last_day = timezone.localdate()
    each_day = [last_day - timedelta(days=days - 1 - n) for n in range(days)]
    paths = [f"/articles/bench-article-{n}/" for n in range(articles)]
    # Each article's usual views a day: a Pareto draw, so that the tail is long.
    popularity = [2 * rng.paretovariate(1.2) for _ in paths]
    source_choices = [(group, name) for group, name, _ in SITE_SOURCES]
    source_weights = [share for _, _, share in SITE_SOURCES]
    made = {"pages": 0, "page months": 0, "sources": 0, "campaigns": 0, "feed subscribers": 0}
    page_rows, source_rows = [], []
    # Each page's monthly totals, as the worker keeps them beside the daily ones.
    months = {}

    def flush(final=False):
        if final or len(page_rows) >= STATISTICS_BATCH:
            for row in page_rows:
                month = months.setdefault(
                    (row.day.replace(day=1), row.path),
                    PageMonth(month=row.day.replace(day=1), path=row.path),
                )
                month.views += row.views
                month.visitors += row.visitors
                month.reads += row.reads
            PageDay.objects.bulk_create(page_rows, batch_size=STATISTICS_BATCH)
            SourceDay.objects.bulk_create(source_rows, batch_size=STATISTICS_BATCH)
            made["pages"] += len(page_rows)
            made["sources"] += len(source_rows)
            page_rows.clear()
            source_rows.clear()

    for index, day in enumerate(each_day):
        # A slow rise over the year, and quieter weekends.
        season = (0.6 + 0.4 * index / days) * (0.7 if day.weekday() >= 5 else 1.0)
        site_views = site_visitors = site_reads = 0
        for path, usual in zip(paths, popularity, strict=True):
            views = max(1, round(usual * season * rng.uniform(0.4, 1.6)))
            visitors = max(1, round(views * rng.uniform(0.6, 0.95)))
            reads = round(views * rng.uniform(0.1, 0.6))
            page_rows.append(
                PageDay(day=day, path=path, views=views, visitors=visitors, reads=reads)
            )
            group, name = rng.choices(source_choices, source_weights)[0]
            source_rows.append(SourceDay(day=day, path=path, group=group, name=name, views=views))
            site_views += views
            site_visitors += visitors
            site_reads += reads
        # The home page, the lists and the other pages add to the articles' views.
        site_views = round(site_views * rng.uniform(1.2, 1.4))
        page_rows.append(
            PageDay(
                day=day,
                path=SITE,
                views=site_views,
                visitors=round(min(site_visitors, site_views) * rng.uniform(0.55, 0.75)),
                reads=site_reads,
            )
        )
        source_rows += [
            SourceDay(
                day=day, path=SITE, group=group, name=name,
                views=max(1, round(site_views * share * rng.uniform(0.7, 1.3))),
            )
            for group, name, share in SITE_SOURCES
        ]  # fmt: skip
        flush()
    flush(final=True)
    PageMonth.objects.bulk_create(months.values(), batch_size=STATISTICS_BATCH)
    made["page months"] = len(months)

    # The newsletter each week (on the site and the article it sent readers to), a few posts.
    campaign_rows = []
    for index, day in enumerate(each_day):
        if index % 7 == 3:
            article = paths[rng.randrange(len(paths))]
            views = rng.randint(40, 400)
            campaign_rows += [
                CampaignDay(day=day, path=SITE, campaign="newsletter", views=views),
                CampaignDay(day=day, path=article, campaign="newsletter", views=views),
            ]
    for campaign in CAMPAIGNS[1:]:
        for day in rng.sample(each_day, min(12, days)):
            campaign_rows.append(
                CampaignDay(day=day, path=SITE, campaign=campaign, views=rng.randint(5, 150))
            )
    CampaignDay.objects.bulk_create(campaign_rows, batch_size=STATISTICS_BATCH)
    made["campaigns"] = len(campaign_rows)

    subscriber_rows = [
        FeedSubscribersDay(
            day=day, feed=FEED, reader=reader,
            subscribers=round(start * (1 + index / days)) + rng.randint(0, 3),
        )
        for index, day in enumerate(each_day)
        for reader, start in FEED_READERS.items()
    ]  # fmt: skip
    FeedSubscribersDay.objects.bulk_create(subscriber_rows, batch_size=STATISTICS_BATCH)
    made["feed subscribers"] = len(subscriber_rows)
    return made
