"""Unpublished things are hidden from every public page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Publication
from core.models import SocialLink
from experience.models import Role
from projects.models import Project
from testimonials.models import Testimonial
from tests.factories import make_article, make_external_article, make_tag
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

PUBLIC_LISTINGS = ["/", "/articles/", "/projects/"]


def visible_anywhere(client, text, urls=PUBLIC_LISTINGS):
    return [url for url in urls if text in page_text(client.get(url))]


def test_unpublished_project_is_hidden_and_its_page_is_404(client, content):
    project = Project.objects.get(slug="apiengine")
    project.is_published = False
    project.save()
    assert visible_anywhere(client, "APIEngine", ["/projects/"]) == []
    assert "Developer Tools / SaaS" not in page_text(client.get("/"))
    assert client.get(project.get_absolute_url()).status_code == 404


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


def test_scheduled_article_is_hidden_until_its_date(client, content):
    article = make_article(title="Scheduled piece", published_at=timezone.now() + timedelta(days=1))
    assert visible_anywhere(client, "Scheduled piece") == []
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft_marked_noindex(superuser_client, content):
    article = make_article(title="Draft preview", status=Article.Status.DRAFT)
    response = superuser_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert b'<meta name="robots" content="noindex, nofollow">' in response.content
    assert "Preview: this article is a draft" in page_text(response)


def test_unpublished_testimonial_and_role_are_hidden(client, content):
    Testimonial.objects.filter(author="Kiran").update(is_published=False)
    Role.objects.filter(organisation="DeepVision").update(is_published=False)
    text = page_text(client.get("/"))
    assert "QA Engineer, Deloitte" not in text
    assert "DeepVision" not in text
    assert "Vamsi Battula" in text


def test_social_link_appears_once_its_url_is_set(client, content):
    SocialLink.objects.filter(label="GitHub").update(url="https://github.example/owner")
    body = client.get("/").content.decode()
    assert 'href="https://github.example/owner"' in body
    assert "LinkedIn" not in page_text(client.get("/"))


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
