"""The models moved from the core app keep their content types, and with them their
permissions, admin log entries and versions; each stored version names the model where it now
lives, so that it can be restored."""

from django.db import migrations

MODELS = ["profile", "sociallink", "stat"]


def moved(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for model in MODELS:
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        for version in Version.objects.filter(content_type__app_label=new, content_type__model=model):
            version.serialized_data = version.serialized_data.replace(
                f'"model": "{old}.{model}"', f'"model": "{new}.{model}"'
            )
            version.save(update_fields=["serialized_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("owner", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: moved(apps, "core", "owner"),
            lambda apps, schema_editor: moved(apps, "owner", "core"),
        )
    ]
