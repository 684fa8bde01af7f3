"""The owner's shipped articles themselves: the seed's articles, in order, with runnable code."""

import re
import subprocess
import sys
import tomllib
from urllib.parse import urlparse

import pytest
from django.conf import settings

from writing.markdown import reading_minutes, render_markdown

CONTENT = settings.BASE_DIR / "content"


# As the owner's site lists them: title, category, minutes to read.
SEED_ARTICLES = [
    ("How I Designed a Rate Limiter from Scratch", "System Design", 8),
    ("Understanding Vector Databases for AI Search", "AI / ML", 6),
    ("Spring Boot 3 Migration Guide: What Actually Changed", "Backend Engineering", 10),
    ("The Developer's Guide to Writing Docs People Read", "Developer Tools", 5),
    ("Building Event-Driven Microservices with RabbitMQ", "Backend Engineering", 9),
    ("Why Your Technical Blog Isn't Ranking (And How to Fix It)", "Developer Tools", 7),
    ("Building a Rate Limiter in Pure Python — No Redis Required", "Backend Engineering", 6),
    ("The Cryptic Ledger: What a CTF Challenge Taught Me About Hashing", "System Design", 6),
    (
        "Django Explained End-to-End: Architecture, ORM, Security & Backend Design",
        "Backend Engineering",
        11,
    ),
    ("REST APIs Explained: How the Web Talks Behind the Scenes", "Backend Engineering", 10),
    (
        "The Lifecycle of a Java Program: From Source Code to JVM Execution",
        "Backend Engineering",
        9,
    ),
]


# Links in articles may point only to official documentation and specifications.
OFFICIAL_HOSTS = {
    "www.rfc-editor.org", "docs.python.org", "docs.djangoproject.com", "docs.spring.io",
    "www.rabbitmq.com", "docs.oracle.com", "diataxis.fr", "developers.google.com",
}  # fmt: skip


RUNNABLE_BLOCK = re.compile(r"^``` \{ \.python \.runnable \}\n(.*?)^```$", re.M | re.S)


FENCE_OPENING = re.compile(r"^(`{3,}|~{3,})(.*)$")


def load_articles():
    with (CONTENT / "articles.toml").open("rb") as file:
        data = tomllib.load(file)
    categories = {category["slug"]: category["name"] for category in data["categories"]}
    return [
        {
            **article,
            "category": categories[article["category"]],
            "source": (CONTENT / article["body"]).read_text(),
        }
        for article in data["articles"]
    ]


ARTICLES = load_articles()


def article_ids(article):
    return article["slug"]


RUNNABLE = [
    pytest.param(code, id=f"{article['slug']}-{index}")
    for article in ARTICLES
    for index, code in enumerate(RUNNABLE_BLOCK.findall(article["source"]), 1)
]


def test_the_shipped_articles_are_the_seeds_in_its_order():
    assert [(a["title"], a["category"]) for a in ARTICLES] == [(t, c) for t, c, _ in SEED_ARTICLES]
    dates = [article["published_at"] for article in ARTICLES]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("article", "seed_minutes"),
    [(article, seed[2]) for article, seed in zip(ARTICLES, SEED_ARTICLES, strict=True)],
    ids=[article["slug"] for article in ARTICLES],
)
def test_reading_time_matches_the_seed(article, seed_minutes):
    assert abs(reading_minutes(article["source"]) - seed_minutes) <= 1


@pytest.mark.parametrize("article", ARTICLES, ids=article_ids)
def test_article_has_a_useful_table_of_contents(article):
    rendered = render_markdown(article["source"])
    assert rendered.heading_count >= 3
    assert "<h1" not in rendered.html
    ids = re.findall(r'<h[23] id="([^"]+)"', rendered.html)
    assert len(ids) == len(set(ids)), "headings must be unique"


@pytest.mark.parametrize("article", ARTICLES, ids=article_ids)
def test_every_code_block_names_its_language(article):
    inside = False
    for number, line in enumerate(article["source"].splitlines(), 1):
        match = FENCE_OPENING.match(line)
        if not match:
            continue
        if not inside:
            assert match.group(2).strip(), f"line {number}: a code block without a language"
        inside = not inside
    assert not inside, "an unclosed code block"


@pytest.mark.parametrize("article", ARTICLES, ids=article_ids)
def test_links_go_only_to_official_documentation(article):
    html = render_markdown(article["source"]).html
    for url in re.findall(r'<a [^>]*href="(https?://[^"]+)"', html):
        assert urlparse(url).hostname in OFFICIAL_HOSTS, url


def test_python_articles_ship_runnable_examples():
    assert len(RUNNABLE) >= 8


@pytest.mark.parametrize("code", RUNNABLE)
def test_runnable_python_block_runs(code, tmp_path):
    result = subprocess.run(
        [sys.executable, "-I", "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
