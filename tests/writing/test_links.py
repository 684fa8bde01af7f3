"""Links from the owner's texts to this site's own pages are checked when a text is saved."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article
from tests.helpers import SITE, admin_form_data
from writing.links import broken_internal_links, internal_paths

pytestmark = pytest.mark.django_db


def test_internal_paths_are_found_in_markdown_and_html_links():
    source = (
        'See [one](/articles/a/), [two](</projects/b/#top>), <a href="/articles/c/?x=1">c</a>, '
        f"[absolute]({SITE}/articles/d/), [elsewhere](https://example.com/articles/e/), "
        "[mail](mailto:x@example.com), [in page](#part)."
    )
    assert internal_paths(source) == [
        "/articles/a/",
        "/projects/b/",
        "/articles/c/",
        "/articles/d/",
    ]


def test_pages_that_exist_pass_and_mistyped_ones_do_not(content):
    source = (
        "[an article](/articles/rest-apis-explained/) [a project](/projects/meshengine/) "
        "[a category](/articles/category/backend-engineering/) [a tag](/articles/tag/python/) "
        "[the list](/articles/) [contact](/contact/) [an image](/media/images/x.png) "
        "[typo](/articles/rest-api-explained/) [nothing](/no-such-page/) "
        "[tag typo](/articles/tag/pyhton/)"
    )
    assert broken_internal_links(source) == [
        "/articles/rest-api-explained/",
        "/no-such-page/",
        "/articles/tag/pyhton/",
    ]


def test_a_link_to_a_draft_is_broken_until_it_is_published(content):
    draft = make_article(slug="coming-soon", status=Article.Status.DRAFT)
    assert broken_internal_links("[soon](/articles/coming-soon/)") == ["/articles/coming-soon/"]
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert broken_internal_links("[soon](/articles/coming-soon/)") == []


def test_the_admin_refuses_a_text_with_a_broken_internal_link(staff_client, content):
    article = Article.objects.get(slug="the-cryptic-ledger")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(staff_client.get(url))
    data["body"] = "Read [the REST article](/articles/rest-api-explained/) first."
    response = staff_client.post(url, data)
    assert response.status_code == 200
    error = str(response.context["adminform"].form.errors["body"])
    assert "/articles/rest-api-explained/" in error and "mistyped" in error
    data["body"] = "Read [the REST article](/articles/rest-apis-explained/) first."
    assert staff_client.post(url, data).status_code == 302


def test_the_shipped_texts_have_no_broken_internal_link(content):
    from projects.models import Project

    texts = [article.body for article in Article.objects.all()]
    texts += [f"{p.problem} {p.solution} {p.impact}" for p in Project.objects.all()]
    assert [broken_internal_links(text) for text in texts] == [[] for _ in texts]
