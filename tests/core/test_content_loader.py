"""load_content: creates what is missing, keeps the owner's edits, all or nothing."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Tag
from core.content import ContentError, load_content
from experience.models import Highlight, Role, Skill
from owner.models import Profile, Stat
from projects.models import Feature, Project
from testimonials.models import Testimonial

# Each test loads into a database without content, as a fresh install does.
pytestmark = pytest.mark.usefixtures("empty_database")


MODELS = [Profile, Stat, Role, Highlight, Skill, Testimonial, Project, Feature, Article, Tag]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


@pytest.fixture
def content_copy(tmp_path, settings):
    """A writable copy of content/ to break on purpose."""
    target = tmp_path / "content"
    shutil.copytree(settings.BASE_DIR / "content", target)
    return target


def test_loads_every_kind_of_content():
    load_content()
    assert Profile.objects.get().headline == "I build scalable backends & write content that ranks."
    assert Role.objects.count() == 3
    assert Highlight.objects.filter(role__organisation="Deloitte USI").count() == 5
    assert Skill.objects.count() == 29
    assert Testimonial.objects.count() == 4
    assert Feature.objects.filter(project__slug="meshengine").count() == 4
    assert Article.objects.published().count() == 11


def test_loading_twice_changes_nothing(capsys):
    load_content()
    before = snapshot()
    report = load_content()
    assert snapshot() == before
    assert sum(report.created.values()) == 0
    assert report.skipped["article"] == 11


def test_loading_again_keeps_the_owners_edits():
    load_content()
    Project.objects.filter(slug="apiengine").update(name="APIEngine (edited)")
    Feature.objects.filter(project__slug="apiengine").first().delete()
    load_content()
    assert Project.objects.get(slug="apiengine").name == "APIEngine (edited)"
    assert Feature.objects.filter(project__slug="apiengine").count() == 3


def test_overwrite_replaces_rows_and_their_children_from_the_files():
    load_content()
    Project.objects.filter(slug="apiengine").update(name="APIEngine (edited)")
    Feature.objects.filter(project__slug="apiengine").first().delete()
    report = load_content(overwrite=True)
    assert Project.objects.get(slug="apiengine").name == "APIEngine"
    assert Feature.objects.filter(project__slug="apiengine").count() == 4
    assert report.updated["project"] == 2


def test_command_prints_what_it_created_and_skipped():
    from io import StringIO

    out = StringIO()
    call_command("load_content", stdout=out)
    assert "project: 2 created, 0 updated, 0 skipped" in out.getvalue()
    out = StringIO()
    call_command("load_content", stdout=out)
    assert "project: 0 created, 0 updated, 2 skipped" in out.getvalue()


@pytest.mark.parametrize(
    ("file_name", "old", "new", "message"),
    [
        (
            "projects.toml",
            'name = "MeshEngine"',
            "",
            "projects.toml: projects[1]: field 'name' is missing",
        ),
        (
            "experience.toml",
            'start = "2023-01"',
            'start = "January 2023"',
            "experience.toml: roles[2]: field 'start' must be a month as YYYY-MM",
        ),
        (
            "projects.toml",
            'live_url = ""\n\n[[projects]]',
            'live_url = "not a url"\n\n[[projects]]',
            "projects.toml: projects[0]: field 'live_url': Enter a valid URL.",
        ),
        (
            "articles.toml",
            'category = "ai-ml"',
            'category = "no-such-category"',
            "articles.toml: articles[1]: field 'category': no category 'no-such-category'",
        ),
        (
            "testimonials.toml",
            'author = "Kiran"',
            'author = "Kiran"\nrating = 5',
            "testimonials.toml: groups[0]: testimonials[1]: unknown field 'rating'",
        ),
        ("profile.toml", "[profile]", "[profile", "profile.toml: not valid TOML"),
        (
            "articles.toml",
            'body = "articles/the-cryptic-ledger.md"',
            'body = "articles/missing.md"',
            "articles.toml: articles[7]: field 'body': file articles/missing.md not found",
        ),
    ],
)
def test_a_broken_file_names_the_file_and_field_and_loads_nothing(
    content_copy, file_name, old, new, message
):
    path = content_copy / file_name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(CommandError) as error:
        call_command("load_content", content_dir=content_copy)
    assert message in str(error.value)
    assert str(error.value).startswith("Nothing was loaded.")
    assert all(pks == [] for pks in snapshot().values())


def test_a_body_file_outside_the_content_folder_is_refused(content_copy):
    path = content_copy / "articles.toml"
    path.write_text(path.read_text().replace("articles/rest-apis-explained.md", "../secret.md"))
    with pytest.raises(ContentError, match="points outside the content folder"):
        load_content(content_copy)


def test_if_empty_loads_a_new_database_and_leaves_a_loaded_one_alone():
    from io import StringIO

    out = StringIO()
    call_command("load_content", if_empty=True, stdout=out)
    assert Profile.objects.count() == 1
    Project.objects.all().delete()
    out = StringIO()
    call_command("load_content", if_empty=True, stdout=out)
    assert "already loaded" in out.getvalue()
    assert Project.objects.count() == 0  # the owner's deletion stands
