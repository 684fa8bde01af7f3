from django.core.management.base import BaseCommand, CommandError

from core.content import DEFAULT_CONTENT_DIR, ContentError, load_content


class Command(BaseCommand):
    help = (
        "Load the site's content from content/: create what is missing and leave existing rows "
        "alone, or replace them with --overwrite. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace existing rows (and their highlights, features, skills) from the files.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database with no content yet (used when a container starts).",
        )
        parser.add_argument("--content-dir", default=DEFAULT_CONTENT_DIR, help="Folder to read.")

    def handle(self, *args, overwrite, if_empty, content_dir, verbosity, **options):
        try:
            report = load_content(content_dir, overwrite=overwrite, if_empty=if_empty)
        except ContentError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        if report is None:
            self.stdout.write("Content is already loaded; nothing to do.")
            return
        if verbosity > 1:
            for line in report.lines:
                self.stdout.write(line)
        for line in report.summary() if verbosity else []:
            self.stdout.write(line)
