from django.core.management.base import BaseCommand

from articles.models import Article
from core.markdown import render_markdown
from core.models import Profile
from projects.models import Project


class Command(BaseCommand):
    help = (
        "Render every stored Markdown text again (articles, projects, the about text), e.g. "
        "after a change to the Markdown pipeline or its sanitiser. Changes no text."
    )

    def handle(self, *args, **options):
        render_markdown.cache_clear()
        counts = {}
        for model in (Profile, Project, Article):
            rows = list(model.objects.all())
            for row in rows:
                row.save()
            counts[model._meta.verbose_name_plural] = len(rows)
        self.stdout.write(
            ", ".join(f"{count} {name}" for name, count in counts.items()) + " rendered."
        )
