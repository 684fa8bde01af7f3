from django.apps import apps
from django.core.management.base import BaseCommand

from writing.markdown import clear_render_cache


class Command(BaseCommand):
    help = (
        "Render every stored Markdown text again (every model with a render_markdown() method: "
        "articles, projects, the about text), e.g. after a change to the Markdown pipeline or "
        "its sanitiser. Changes no text."
    )

    def handle(self, *args, **options):
        clear_render_cache()
        counts = {}
        for model in apps.get_models():
            if not callable(getattr(model, "render_markdown", None)):
                continue
            rows = list(model.objects.all())
            for row in rows:
                row.save()
            counts[model._meta.verbose_name_plural] = len(rows)
        self.stdout.write(
            ", ".join(f"{count} {name}" for name, count in counts.items()) + " rendered."
        )
