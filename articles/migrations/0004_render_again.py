"""Render article bodies again (code blocks and tables became tab stops) and draw their share
cards, for a database made before they existed. Only derived columns are written: no date moves."""

from django.db import migrations

from writing.markdown import render_markdown
from images.sharecards import share_card


def render_again(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Profile = apps.get_model("core", "Profile")
    profile = Profile.objects.order_by("pk").first()
    owner = profile.name if profile else ""
    for article in Article.objects.select_related("category"):
        Article.objects.filter(pk=article.pk).update(
            body_html=render_markdown(article.body).html,
            share_image=share_card(article.title, article.category.name, owner),
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_share_image"), ("core", "0005_render_again")]
    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
