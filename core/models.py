"""What every app builds on: rows the owner publishes or hides."""

from django.db import models
from django.utils import timezone

from core.signals import rows_updated


class PublishedQuerySet(models.QuerySet):
    """Rows with an `is_published` flag: the owner hides one by unticking it."""

    def published(self):
        return self.filter(is_published=True)

    def set_published(self, is_published):
        """Publish or hide every row at once; returns how many changed."""
        changes = {"is_published": is_published}
        # update() skips auto_now, and sitemaps read updated_at as the last change.
        if any(field.name == "updated_at" for field in self.model._meta.get_fields()):
            changes["updated_at"] = timezone.now()
        count = self.update(**changes)
        rows_updated.send(sender=self.model)  # update() sends no save signal
        return count
