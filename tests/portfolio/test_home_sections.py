"""The home page's sections are cached under the versions of the apps they show: a page
rendered again after an edit reads only what the edit can have changed, and shows it."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from experience.models import Skill
from portfolio.views import HOME_PROJECT_COUNT, HOME_SECTIONS
from projects.models import Project
from testimonials.models import Testimonial
from tests.factories import make_article, make_project, make_skill_group
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

# The profile, links and figures every page shows, read again once after each edit.
SITE_DATA = 3


@pytest.fixture
def every_page_rendered(settings):
    """Pages are not stored whole, so each request renders the home page again."""
    settings.PAGE_CACHE = False


def test_a_home_page_rendered_again_reads_nothing_while_its_content_is_unchanged(
    client, every_page_rendered, django_assert_num_queries
):
    first = client.get("/")
    with django_assert_num_queries(0):
        again = client.get("/")
    assert page_text(again) == page_text(first)


def test_an_edit_renders_again_the_sections_that_show_it_and_only_those(
    client, every_page_rendered, django_assert_num_queries
):
    client.get("/")
    testimonial = Testimonial.objects.published().first()
    testimonial.quote = "A quote edited a moment ago."
    testimonial.save()
    with django_assert_num_queries(SITE_DATA + 1):  # the testimonials, with their groups
        text = page_text(client.get("/"))
    assert "A quote edited a moment ago." in text

    project = Project.objects.published().first()
    project.name = "A project renamed a moment ago"
    project.save()
    with django_assert_num_queries(SITE_DATA + 3):  # projects, features, the toolkit's skills
        text = page_text(client.get("/"))
    assert "A project renamed a moment ago" in text
    assert "A quote edited a moment ago." in text


def test_deleting_a_project_updates_the_toolkit_that_linked_to_it(client, every_page_rendered):
    make_skill_group(name="Weaving", skills=["Warp threading"])
    skill = Skill.objects.get(name="Warp threading")
    project = make_project(name="The loom")
    skill.projects.add(project)
    assert f'href="{skill.get_absolute_url()}"' in client.get("/").text
    project.delete()  # and the link, without a signal of its own
    assert f'href="{skill.get_absolute_url()}"' not in client.get("/").text


def test_the_home_page_shows_the_first_projects_and_links_to_all_of_them(client):
    for number in range(HOME_PROJECT_COUNT):
        make_project(name=f"Loom number {number}", order=100 + number)
    response = client.get("/")
    projects = list(Project.objects.published())
    assert len(projects) > HOME_PROJECT_COUNT
    text = page_text(response)
    assert all(project.name in text for project in projects[:HOME_PROJECT_COUNT])
    assert not any(project.name in text for project in projects[HOME_PROJECT_COUNT:])
    assert 'href="/projects/"' in response.text


def test_the_empty_form_from_memory_is_still_one_visitors_copy(client, every_page_rendered):
    first, second = client.get("/").text, client.get("/").text
    token = 'name="shown_at" value="'
    assert first.split(token)[1][:20] and first.split(token)[1] != second.split(token)[1]
    assert first.count('name="message"') == second.count('name="message"') == 1


def test_every_section_of_the_template_is_keyed_on_its_own_versions():
    """A misspelt section would be keyed on nothing, and never rendered again."""
    template = (Path(settings.BASE_DIR) / "templates/core/home.html").read_text()
    keyed = re.findall(r'{% cache home\.timeout "home-([\w-]+)" home\.versions\.(\w+) ', template)
    assert sorted(versions for _, versions in keyed) == sorted(HOME_SECTIONS)
    assert all(name.replace("-", "_") == versions for name, versions in keyed)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_scheduled_article_appears_in_the_sections_on_time(
    client, staff_client, every_page_rendered, signed_in
):
    visitor = staff_client if signed_in else client
    make_article(title="Due at noon", published_at=timezone.now() + timedelta(hours=1))
    assert "Due at noon" not in page_text(visitor.get("/"))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert "Due at noon" in page_text(visitor.get("/"))
