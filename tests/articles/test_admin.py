"""Writing articles in the admin."""

import pytest
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_admin_edit_of_an_article_rerenders_its_body(staff_client, content):
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
    response = staff_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert '<h2 id="new-heading">New heading</h2>' in article.body_html
    assert article.updated_at is not None
    assert article.reading_minutes == 1
