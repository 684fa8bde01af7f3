"""Render the about text again (code blocks and tables became tab stops) and draw the home
page's share card, for a database made before they existed. Only derived columns are written."""

from django.db import migrations

from writing.markdown import render_markdown
from images.sharecards import share_card


def render_again(apps, schema_editor):
    Profile = apps.get_model("core", "Profile")
    for profile in Profile.objects.all():
        Profile.objects.filter(pk=profile.pk).update(
            about_html=render_markdown(profile.about_markdown).html,
            share_image=share_card(profile.headline, profile.role, profile.name),
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0004_share_image")]
    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
