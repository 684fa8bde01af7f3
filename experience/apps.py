from django.apps import AppConfig


class ExperienceConfig(AppConfig):
    name = "experience"

    def ready(self):
        from web.cache import invalidate_on_change

        invalidate_on_change(self)
