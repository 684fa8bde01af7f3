"""Article pages and listings: what readers see, and what stays hidden until it is public."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleRedirect, Publication
from articles.views import ARTICLES_PER_PAGE
from tests.factories import make_article, make_category, make_external_article, make_tag
from tests.helpers import (
    PUBLIC_LISTINGS,
    SITE,
    head_of,
    json_ld,
    meta_content,
    page_text,
    visible_anywhere,
)
from web.cache import content_changed

pytestmark = pytest.mark.django_db


def test_article_list_shows_every_seed_article(client, content):
    text = page_text(client.get(reverse("articles:list")))
    assert "Building a Rate Limiter in Pure Python — No Redis Required" in text
    assert "The Lifecycle of a Java Program: From Source Code to JVM Execution" in text
    assert "Page 1 of" not in text  # eleven articles fit on one page


def test_article_page_shows_title_summary_and_metadata(client, content):
    response = client.get(reverse("articles:detail", kwargs={"slug": "the-cryptic-ledger"}))
    text = page_text(response)
    assert "The Cryptic Ledger: What a CTF Challenge Taught Me About Hashing" in text
    assert "a missing newline you'd never think to check." in text
    assert "6 min read" in text
    assert "System Design" in text


def test_article_without_a_body_shows_only_its_summary_and_metadata(client, db):
    article = make_article(body="", summary="Only a summary so far.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Only a summary so far." in page_text(response)
    assert b"min read" not in response.content
    assert b"Contents" not in response.content


def test_article_page_has_blog_posting_and_breadcrumbs(client, content):
    response = client.get("/articles/the-cryptic-ledger/")
    posting, crumbs = json_ld(response)
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "The Cryptic Ledger: What a CTF Challenge Taught Me About Hashing"
    assert posting["url"] == f"{SITE}/articles/the-cryptic-ledger/"
    assert posting["author"]["name"] == "Kunal"
    assert datetime.fromisoformat(posting["datePublished"]) == datetime(2026, 4, 15, 9, tzinfo=UTC)
    assert posting["wordCount"] > 1000
    # The page's share card, the picture its og:image names, in full.
    assert posting["image"] == {
        "@type": "ImageObject",
        "url": meta_content(response, "property", "og:image"),
        "width": 1200,
        "height": 630,
    }
    assert posting["image"]["url"].startswith(f"{SITE}/media/")
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Home",
        "Articles",
        "System Design",
        "The Cryptic Ledger: What a CTF Challenge Taught Me About Hashing",
    ]
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3, 4]
    assert meta_content(response, "property", "og:type") == "article"


def test_article_page_shows_dates_reading_time_toc_and_neighbours(client, content):
    response = client.get("/articles/rate-limiter-in-pure-python/")
    text = page_text(response)
    assert "May 13, 2026" in text
    assert "6 min read" in text
    assert "Updated" not in text
    body = response.content.decode()
    assert '<nav class="article-toc"' in body
    assert 'href="/articles/the-cryptic-ledger/" rel="prev"' in body
    assert 'href="/articles/why-your-technical-blog-isnt-ranking/" rel="next"' in body
    assert "Related articles" in text


def test_updated_date_shows_when_the_text_changes_later(client, content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=UTC)):
        article.body += "\n\nOne more paragraph.\n"
        article.save()
    text = page_text(client.get(article.get_absolute_url()))
    assert "Updated Jun 1, 2026" in text


def test_related_articles_share_a_category_or_tags(client, db):
    category, other = make_category(), make_category()
    tag = make_tag()
    article = make_article(category=category, tags=[tag])
    same_category = make_article(category=category, title="Same category")
    same_tag = make_article(category=other, tags=[tag], title="Same tag")
    make_article(category=other, title="Unrelated")
    related = list(client.get(article.get_absolute_url()).context["related_articles"])
    assert set(related) == {same_category, same_tag}


def test_share_links_need_no_script(client, content):
    body = client.get("/articles/the-cryptic-ledger/").content.decode()
    share = body.split('id="share-heading"')[1].split("</nav>")[0]
    assert (
        "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fportfolio.example"
        in share
    )
    assert "mailto:?subject=" in share
    assert "<script" not in share


def test_scheduled_article_is_hidden_until_its_time_then_appears_by_itself(client, db):
    publish_at = timezone.now() + timedelta(days=2)
    article = make_article(title="Written ahead", published_at=publish_at)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert visible_anywhere(client, "Written ahead") == []
    with time_machine.travel(publish_at + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert visible_anywhere(client, "Written ahead") == ["/", "/articles/"]


def test_draft_is_404_for_anonymous_visitors(client, db):
    article = make_article(status=Article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_marked_noindex(staff_client, db):
    article = make_article(status=Article.Status.DRAFT)
    response = staff_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex, nofollow">' in head_of(response)
    assert "Preview: this article is a draft" in page_text(response)


def test_staff_preview_a_scheduled_article(staff_client, db):
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    response = staff_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this article is scheduled for" in page_text(response)


def test_listing_is_paginated_and_a_bad_page_is_404(client, db):
    for _ in range(ARTICLES_PER_PAGE + 1 - Article.objects.published().count()):
        make_article()
    assert client.get("/articles/?page=2").status_code == 200
    for page in ["3", "0", "-1", "abc", "99999999999999999999"]:
        assert client.get(f"/articles/?page={page}").status_code == 404


def test_a_page_number_written_another_way_is_redirected_to_its_one_address(client, db):
    for _ in range(ARTICLES_PER_PAGE + 1 - Article.objects.published().count()):
        make_article()
    redirects = {
        "page=02": "/articles/?page=2",
        "page=%2B2": "/articles/?page=2",
        "page=2&page=2": "/articles/?page=2",
        "page=01": "/articles/",
        "page=": "/articles/",
    }
    for query, address in redirects.items():
        response = client.get(f"/articles/?{query}")
        assert (response.status_code, response["Location"]) == (301, address), query
    assert client.get("/articles/?page=1").status_code == 200  # the "Newer" link of page 2


def test_category_and_tag_pages_have_their_own_title(client, content):
    category = client.get("/articles/category/system-design/")
    tag = client.get("/articles/tag/java/")
    assert "<title>System Design articles — Kunal</title>" in head_of(category)
    assert "<title>Articles tagged “Java” — Kunal</title>" in head_of(tag)
    assert "Spring Boot 3 Migration Guide" in page_text(tag)
    assert "Spring Boot 3 Migration Guide" not in page_text(category)


def test_unknown_category_or_tag_is_404(client, db):
    assert client.get("/articles/category/nope/").status_code == 404
    assert client.get("/articles/tag/nope/").status_code == 404


def test_categories_and_tags_of_drafts_only_are_not_public(client, db):
    tag = make_tag(name="Acquisition", slug="acquisition")
    draft = make_article(status=Article.Status.DRAFT, tags=[tag])
    assert client.get(draft.category.get_absolute_url()).status_code == 404
    assert client.get(tag.get_absolute_url()).status_code == 404
    assert draft.category.name not in page_text(client.get("/articles/"))


def test_draft_article_is_hidden_from_lists_categories_tags_and_its_page(client, content):
    tag = make_tag(name="Drafting", slug="drafting")
    article = Article.objects.get(slug="rate-limiter-in-pure-python")
    article.status = Article.Status.DRAFT
    article.save()
    article.tags.add(tag)
    title = "Building a Rate Limiter in Pure Python"
    urls = [*PUBLIC_LISTINGS, article.category.get_absolute_url(), tag.get_absolute_url()]
    assert visible_anywhere(client, title, urls) == []
    assert client.get(article.get_absolute_url()).status_code == 404


def test_published_externally_names_the_publications_and_hides_when_there_are_none(client, content):
    # The shipped content names the publications but gives no link and no external article.
    for url in ["/", "/articles/"]:
        response = client.get(url)
        assert "Published externally Selected articles from" in page_text(response)
        assert "Unite.AI getint.io" in page_text(response)
    Publication.objects.all().delete()
    content_changed()
    for url in ["/", "/articles/"]:
        assert "Published externally" not in page_text(client.get(url))


def test_all_articles_link_appears_once_the_owner_sets_it(client, content):
    Publication.objects.filter(name="Unite.AI").update(all_articles_url="https://unite.example/k")
    for url in ["/", "/articles/"]:
        response = client.get(url)
        assert "View all 100+ articles on Unite.AI" in page_text(response)
        assert b'href="https://unite.example/k"' in response.content


def test_external_articles_are_listed_unless_hidden(client, content):
    shown = make_external_article(title="Shown elsewhere")
    make_external_article(
        publication=shown.publication, title="Hidden elsewhere", is_published=False
    )
    for url in ["/", "/articles/"]:
        text = page_text(client.get(url))
        assert "Shown elsewhere" in text
        assert "Hidden elsewhere" not in text


def test_a_published_article_whose_slug_changes_answers_301_at_its_old_address(client, content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    article.slug = "the-cryptic-ledger-explained"
    article.save()
    response = client.get("/articles/the-cryptic-ledger/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/the-cryptic-ledger-explained/"
    # Changed again: both old addresses lead to the newest one.
    article.slug = "cryptic-ledger"
    article.save()
    for old in ["/articles/the-cryptic-ledger/", "/articles/the-cryptic-ledger-explained/"]:
        assert client.get(old)["Location"] == "/articles/cryptic-ledger/"
    # Going back to an old slug takes it back from the redirects.
    article.slug = "the-cryptic-ledger"
    article.save()
    assert client.get("/articles/the-cryptic-ledger/").status_code == 200


def test_a_draft_renamed_before_publishing_leaves_no_redirect(client, content):
    draft = make_article(slug="first-idea", status=Article.Status.DRAFT)
    draft.slug = "better-name"
    draft.save()
    assert not ArticleRedirect.objects.filter(old_slug="first-idea").exists()
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert client.get("/articles/first-idea/").status_code == 404
