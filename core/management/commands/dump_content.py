from django.core.management.base import BaseCommand

from core.content import DEFAULT_CONTENT_DIR, dump_content


class Command(BaseCommand):
    help = (
        "Write the site's content from the database into content/ (TOML + Markdown), the format "
        "load_content reads, so that edits made in the admin can be kept in git."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", default=DEFAULT_CONTENT_DIR, help="Folder to write.")

    def handle(self, *args, content_dir, **options):
        written = dump_content(content_dir)
        self.stdout.write(f"Wrote {len(written)} files to {content_dir}.")
