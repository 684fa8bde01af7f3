"""Project pages: the list of case studies and each case study, published ones only."""

import pytest
from django.urls import reverse

from projects.models import Project
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


def test_unpublished_project_is_hidden_and_its_page_is_404(client, content):
    project = Project.objects.get(slug="apiengine")
    project.is_published = False
    project.save()
    assert visible_anywhere(client, "APIEngine", ["/projects/"]) == []
    assert "Developer Tools / SaaS" not in page_text(client.get("/"))
    assert client.get(project.get_absolute_url()).status_code == 404
