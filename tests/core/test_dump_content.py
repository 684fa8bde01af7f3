"""dump_content writes the database back into content/, in the format load_content reads."""

import tomllib
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from core.content import dump_content, load_content
from projects.models import Project
from testimonials.models import Testimonial
from tests.conftest import delete_all_content
from tests.factories import make_external_article, make_role

pytestmark = pytest.mark.django_db

SHIPPED = settings.BASE_DIR / "content"


def files(folder):
    return {
        path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


def contained(shipped, dumped, where=""):
    """Every value the shipped file states is in the dump (which may also state defaults)."""
    if isinstance(shipped, dict):
        for key, value in shipped.items():
            assert key in dumped, f"{where}.{key}"
            if key == "tags":  # an article's tags have no order in the database
                assert sorted(value) == sorted(dumped[key]), f"{where}.{key}"
            else:
                contained(value, dumped[key], f"{where}.{key}")
    elif isinstance(shipped, list):
        assert len(shipped) == len(dumped), where
        for index, (item, other) in enumerate(zip(shipped, dumped, strict=True)):
            contained(item, other, f"{where}[{index}]")
    else:
        assert shipped == dumped, where


def test_a_dump_of_the_shipped_content_says_what_the_shipped_files_say(tmp_path):
    dump_content(tmp_path)
    shipped, dumped = files(SHIPPED), files(tmp_path)
    assert set(shipped) == set(dumped)
    for name, text in shipped.items():
        if name.suffix == ".md":
            assert dumped[name] == text, name  # Markdown byte for byte
        else:
            contained(tomllib.loads(text.decode()), tomllib.loads(dumped[name].decode()), str(name))


def test_load_edit_dump_load_into_an_empty_database_gives_the_same_content(tmp_path):
    testimonial = Testimonial.objects.first()
    testimonial.quote = "Rewritten in the admin — with “quotes”, a line break\nand ünïcödé."
    testimonial.save()
    Project.objects.filter(slug="meshengine").update(is_published=False)
    make_role(organisation="Added in the admin", end_date=date(2021, 6, 1), highlights=["One"])
    make_external_article(title="Published elsewhere", summary="A summary.")
    first, second = tmp_path / "first", tmp_path / "second"
    dump_content(first)

    delete_all_content()
    load_content(first)
    assert Testimonial.objects.get(author=testimonial.author).quote == testimonial.quote
    assert not Project.objects.get(slug="meshengine").is_published
    dump_content(second)
    assert files(first) == files(second)


def test_the_command_says_where_it_wrote(tmp_path):
    out = StringIO()
    call_command("dump_content", "--content-dir", str(tmp_path), stdout=out)
    assert out.getvalue().startswith("Wrote 17 files to")
