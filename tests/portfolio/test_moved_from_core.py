"""The owner's profile, links and figures moved from the core app to the owner app, and the
uploaded images to the images app, in the same tables: a database made by the code before the
moves, with content in it, keeps everything."""

import json

import pytest
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from contact.models import ContactMessage
from images.models import Image
from owner.models import Profile, SocialLink, Stat
from tests.conftest import delete_all_content
from tests.factories import picture_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    """Migrate the test database to `targets`; the models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def before_the_move():
    """Every app's last migration, but core's before the owner's models and the images left
    it (and none of the owner and images apps, nor the moves of the fields that name them, nor
    the newsletter, made later and of articles as they are since)."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [
        *(
            node
            for node in leaves
            if node[0] not in {"core", "owner", "images", "articles", "projects", "newsletter"}
        ),
        ("core", "0007_profile_picture"),
        ("articles", "0006_redirects"),
        ("projects", "0005_checked_links"),
    ]


def test_a_database_made_before_the_move_keeps_its_rows_files_and_versions(media_root):
    delete_all_content()
    old = migrate(before_the_move())
    OldProfile = old.get_model("core", "Profile")
    OldImage = old.get_model("core", "Image")
    stored = default_storage.save("images/portrait.png", ContentFile(picture_bytes()))
    image = OldImage.objects.create(slug="portrait", file=stored, alt="The owner", width=1200,
                                    height=800, renditions=[])  # fmt: skip
    profile = OldProfile.objects.create(name="Ada", role="Engineer", picture=image)
    old.get_model("core", "SocialLink").objects.create(label="Mastodon", url="https://a.example")
    old.get_model("core", "Stat").objects.create(value="3+", label="Years")
    message = old.get_model("contact", "ContactMessage").objects.create(
        name="Grace", email="grace@example.com", message="Hello"
    )
    # A version of the profile, as django-reversion stored it then.
    ContentType = old.get_model("contenttypes", "ContentType")
    revision = old.get_model("reversion", "Revision").objects.create(
        comment="Before the move", date_created=timezone.now()
    )
    serialized = json.loads(serializers.serialize("json", [profile]))
    serialized[0]["fields"]["name"] = "Ada Lovelace"  # the version differs from the row
    assert serialized[0]["model"] == "core.profile"
    old.get_model("reversion", "Version").objects.create(
        revision=revision, object_id=str(profile.pk), db="default", format="json",
        content_type=ContentType.objects.get_for_model(OldProfile), object_repr="Ada",
        serialized_data=json.dumps(serialized),
    )  # fmt: skip

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = Profile.objects.get()
    assert (moved.name, moved.picture.slug) == ("Ada", "portrait")
    assert SocialLink.objects.get().label == "Mastodon" and Stat.objects.get().value == "3+"
    assert ContactMessage.objects.get(pk=message.pk).message == "Hello"
    assert default_storage.exists(Image.objects.get(slug="portrait").file.name)
    [version] = Version.objects.get_for_object(moved)
    assert version.field_dict["name"] == "Ada Lovelace"
    version.revision.revert()
    assert Profile.objects.get().name == "Ada Lovelace"
    assert Article.objects.count() == 0  # nothing else appeared on the way
