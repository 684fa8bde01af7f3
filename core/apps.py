from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from core.cache import code_version, invalidate_on_change, watch_schedule
        from core.models import Profile
        from core.site import site_data_changed

        # Connected first, so that once a change is committed the site data is forgotten before
        # the new content version starts: a page cached under that version is never made with
        # the site data of before.
        for model in self.get_models():
            uid = f"site-data-changed:{model._meta.label}"
            post_save.connect(site_data_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(site_data_changed, sender=model, dispatch_uid=f"{uid}:delete")
        invalidate_on_change(self)
        # A set availability ends by itself: the pages that show it change at that moment.
        watch_schedule(Profile.availability_ends_at)
        code_version()  # here, in the process that forks gunicorn's workers
