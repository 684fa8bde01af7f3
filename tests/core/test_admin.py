"""The owner can reach every admin page, and shared admin actions work."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article
from owner.models import Profile
from projects.models import Project
from tests.conftest import PROJECT_APPS
from tests.factories import make_external_article, make_image, make_message

pytestmark = pytest.mark.django_db


# The project's own models (auth and the task queue's results are Django's and the library's).
MODELS = [model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS]


# Rows that only the site creates: the single profile (once loaded) and visitors' messages.
NO_ADD_PAGE = {"contactmessage"}


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelist_loads_for_the_owner(staff_client, content, model):
    response = staff_client.get(admin_url(model, "changelist"), follow=True)
    assert response.status_code == 200  # the profile's list is its one page


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_add_page_loads_for_the_owner(staff_client, empty_database, model):
    response = staff_client.get(admin_url(model, "add"))
    expected = 403 if model._meta.model_name in NO_ADD_PAGE else 200
    assert response.status_code == expected


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_change_page_loads_for_the_owner(staff_client, content, model):
    # The shipped content has none of these; make one of each.
    make_external_article()
    make_message()
    make_image()
    renamed = Article.objects.get(slug="the-cryptic-ledger")
    renamed.slug = "the-cryptic-ledger-renamed"
    renamed.save()  # leaves a redirect behind
    row = model.objects.first()
    assert staff_client.get(admin_url(model, "change", row.pk)).status_code == 200


def test_profile_cannot_be_added_twice(staff_client, content):
    assert staff_client.get(admin_url(Profile, "add")).status_code == 403


def test_view_on_site_links_to_the_public_page(staff_client, content):
    project = Project.objects.get(slug="apiengine")
    response = staff_client.get(admin_url(Project, "change", project.pk))
    assert b"View on site" in response.content
