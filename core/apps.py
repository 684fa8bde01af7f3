from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from core.cache import invalidate_on_change

        invalidate_on_change(self)  # uploaded images, which texts place
