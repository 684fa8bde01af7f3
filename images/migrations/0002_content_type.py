"""Uploaded images moved from the core app keep their content type, and with it their
permissions and admin log entries."""

from django.db import migrations


def moved(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model="image").update(app_label=new)


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: moved(apps, "core", "images"),
            lambda apps, schema_editor: moved(apps, "images", "core"),
        )
    ]
