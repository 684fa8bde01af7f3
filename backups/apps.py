from django.apps import AppConfig


class BackupsConfig(AppConfig):
    # Backups of the database and the uploaded files, and their restore (docs/backups.md).
    name = "backups"
    verbose_name = "Backups"
