"""A large, deterministic data set for the benchmark and the query-budget tests.

`generate()` adds articles (with code blocks), projects (with features), testimonials and the
rest of a home page to the database, in bulk. The same arguments always give the same rows.
"""

import random
from datetime import UTC, date, datetime, timedelta

from articles.models import Article, Category, ExternalArticle, Publication, Tag
from experience.models import Highlight, Role, Skill, SkillGroup
from owner.models import Profile, Stat
from projects.models import Feature, Project
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
