from django.conf import settings
from django.core.management.base import BaseCommand

from writing.markdown import pygments_css

STYLESHEET = settings.BASE_DIR / "static" / "css" / "pygments.css"


class Command(BaseCommand):
    help = "Write static/css/pygments.css, the light and dark colours for highlighted code."

    def handle(self, *args, **options):
        STYLESHEET.write_text(pygments_css(), encoding="utf-8")
        self.stdout.write(f"Wrote {STYLESHEET.relative_to(settings.BASE_DIR)}")
