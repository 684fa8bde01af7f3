"""The toolkit: each skill can show its evidence, the roles, projects and articles behind it."""

import pytest

from experience.models import Skill
from tests.factories import make_article, make_project, make_role, make_skill_group
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_a_skills_page_lists_its_published_evidence(client):
    [skill] = make_skill_group(name="Looms", skills=["Jacquard"]).skills.all()
    skill.roles.add(make_role(organisation="Silk Works", highlights=["Wove the patterns"]))
    skill.projects.add(
        make_project(name="Card Reader"), make_project(name="Hidden", is_published=False)
    )
    skill.articles.add(make_article(title="Punched cards, explained"))
    text = page_text(client.get(skill.get_absolute_url()))
    for shown in [
        "Jacquard",
        "Silk Works",
        "Wove the patterns",
        "Card Reader",
        "Punched cards, explained",
    ]:
        assert shown in text
    assert "Hidden" not in text


def test_only_skills_with_evidence_link_from_the_home_page(client):
    [shown, plain] = make_skill_group(name="Looms", skills=["Jacquard", "Shuttle"]).skills.all()
    shown.articles.add(make_article())
    body = client.get("/").content.decode()
    assert f'href="{shown.get_absolute_url()}">Jacquard' in body
    assert f'href="{plain.get_absolute_url()}"' not in body


def test_a_skill_without_evidence_has_no_page(client):
    [skill] = make_skill_group(skills=["Shuttle"]).skills.all()
    assert client.get(skill.get_absolute_url()).status_code == 404
    skill.articles.add(make_article(status="draft"))  # not published: still nothing to show
    assert client.get(skill.get_absolute_url()).status_code == 404


def test_an_unknown_skill_is_404(client):
    assert client.get("/toolkit/999999/").status_code == 404


def test_the_shipped_evidence_is_what_the_seed_says(client):
    celery = Skill.objects.get(name="Celery")
    assert [role.organisation for role in celery.roles.all()] == ["Deloitte USI"]
    assert [project.slug for project in celery.projects.all()] == ["apiengine"]
    spring = Skill.objects.get(name="Spring Boot")
    assert sorted(article.slug for article in spring.articles.all()) == [
        "rate-limiter-from-scratch",
        "spring-boot-3-migration-guide",
    ]
    assert not Skill.objects.get(name="Kafka").projects.exists()


def test_a_skills_page_costs_seven_queries_whatever_its_evidence(client, django_assert_num_queries):
    [skill] = make_skill_group(skills=["Jacquard"]).skills.all()
    for number in range(20):
        skill.roles.add(make_role(highlights=[f"Highlight {number}"]))
        skill.projects.add(make_project())
        skill.articles.add(make_article())
    # The profile and links, the skill, roles, highlights, projects, articles.
    with django_assert_num_queries(7):
        assert client.get(skill.get_absolute_url()).status_code == 200
