"""The owner can reach every admin page."""

import pytest
from django.contrib import admin
from django.urls import reverse

from contact.models import ContactMessage
from tests.factories import make_external_article

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label != "auth"]
# Rows that only the site creates: the single profile (once loaded) and visitors' messages.
NO_ADD_PAGE = {"contactmessage"}


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelist_loads_for_the_owner(superuser_client, content, model):
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_add_page_loads_for_the_owner(superuser_client, model):
    response = superuser_client.get(admin_url(model, "add"))
    expected = 403 if model._meta.model_name in NO_ADD_PAGE else 200
    assert response.status_code == expected


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_change_page_loads_for_the_owner(superuser_client, content, model):
    # The shipped content has neither of these; make one of each.
    make_external_article()
    ContactMessage.objects.create(name="Ada", email="ada@example.com", message="Hello")
    row = model.objects.first()
    assert superuser_client.get(admin_url(model, "change", row.pk)).status_code == 200


def test_profile_cannot_be_added_twice(superuser_client, content):
    from core.models import Profile

    assert superuser_client.get(admin_url(Profile, "add")).status_code == 403


def test_admin_edit_of_an_article_rerenders_its_body(superuser_client, content):
    from articles.models import Article

    article = Article.objects.get(slug="the-cryptic-ledger")
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "tags": [tag.pk for tag in article.tags.all()],
        "summary": article.summary,
        "body": "## New heading\n\nNew text with `code`.",
        "status": "published",
        "published_at_0": "2026-04-15",
        "published_at_1": "09:00:00",
    }
    response = superuser_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert '<h2 id="new-heading">New heading</h2>' in article.body_html
    assert article.updated_at is not None
    assert article.reading_minutes == 1


def test_view_on_site_links_to_the_public_page(superuser_client, content):
    from projects.models import Project

    project = Project.objects.get(slug="apiengine")
    response = superuser_client.get(admin_url(Project, "change", project.pk))
    assert b"View on site" in response.content
