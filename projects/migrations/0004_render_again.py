"""Render project texts again (code blocks and tables became tab stops) and draw their share
cards, for a database made before they existed. Only derived columns are written."""

from django.db import migrations

from writing.markdown import render_markdown
from images.sharecards import share_card


def render_again(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Profile = apps.get_model("core", "Profile")
    profile = Profile.objects.order_by("pk").first()
    owner = profile.name if profile else ""
    for project in Project.objects.all():
        Project.objects.filter(pk=project.pk).update(
            problem_html=render_markdown(project.problem).html,
            solution_html=render_markdown(project.solution).html,
            impact_html=render_markdown(project.impact).html,
            share_image=share_card(project.name, project.category, owner),
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_share_image"), ("core", "0005_render_again")]
    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
