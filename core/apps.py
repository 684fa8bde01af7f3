from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from core.cache import invalidate_on_change, watch_schedule
        from core.models import Profile
        from core.site import site_data_changed

        invalidate_on_change(self)
        # A set availability ends by itself: the pages that show it change at that moment.
        watch_schedule(Profile.availability_ends_at)
        for model in self.get_models():
            uid = f"site-data-changed:{model._meta.label}"
            post_save.connect(site_data_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(site_data_changed, sender=model, dispatch_uid=f"{uid}:delete")
