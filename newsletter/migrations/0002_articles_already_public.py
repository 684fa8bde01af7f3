from django.db import migrations
from django.utils import timezone


def mark_as_mailed(apps, schema_editor):
    """The articles public before the newsletter existed are not emailed: each is given a
    mailing to no one."""
    Article = apps.get_model("articles", "Article")
    Mailing = apps.get_model("newsletter", "Mailing")
    public = Article.objects.filter(status="published", published_at__lte=timezone.now())
    Mailing.objects.bulk_create(Mailing(article=article) for article in public)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial"), ("articles", "0007_cover_image_in_images")]

    operations = [migrations.RunPython(mark_as_mailed, migrations.RunPython.noop)]
