from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        # Cache invalidation only: a saved or deleted content row starts a new content version.
        from core.cache import CONTENT_APPS, content_changed

        for config in apps.get_app_configs():
            if config.label not in CONTENT_APPS:
                continue
            for model in config.get_models():
                uid = f"content-changed:{model._meta.label}"
                post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
                for field in model._meta.local_many_to_many:
                    m2m_changed.connect(
                        content_changed, sender=field.remote_field.through, dispatch_uid=uid
                    )
