"""Project pages: the list of case studies and each case study, published ones only."""

import pytest
from django.urls import reverse

from tests.factories import make_feature, make_project
from tests.helpers import page_text, visible_anywhere

pytestmark = pytest.mark.django_db


def test_project_list_and_case_studies(client, content):
    listing = page_text(client.get(reverse("projects:list")))
    assert "APIEngine" in listing and "MeshEngine" in listing

    response = client.get(reverse("projects:detail", kwargs={"slug": "meshengine"}))
    text = page_text(response)
    assert response.status_code == 200
    for part in [
        "Systems / Infrastructure",
        "Problem",
        "existing tools are either too RF-specific or too general",
        "Solution",
        "Failure-aware Dijkstra — DOWN nodes pruned before traversal, O((V+E) log V)",
        "WebSocket /ws/stream for live topology events",
        "Impact",
        "25 automated tests (unit + topology).",
    ]:
        assert part in text
    # No repository or live link until the owner sets one.
    assert "Source code" not in text and "Live site" not in text


def test_unpublished_project_is_hidden_and_its_page_is_404(client, db):
    project = make_project(name="Difference Engine", is_published=False)
    assert visible_anywhere(client, "Difference Engine") == []
    assert client.get(project.get_absolute_url()).status_code == 404


def test_published_project_is_listed_with_its_case_study(client, db):
    project = make_project(name="Difference Engine", problem="Tables had *errors*.")
    make_feature(project, text="Prints its own tables")
    assert visible_anywhere(client, "Difference Engine") == ["/", "/projects/"]
    text = page_text(client.get(project.get_absolute_url()))
    assert "Tables had errors" in text
    assert "Prints its own tables" in text
