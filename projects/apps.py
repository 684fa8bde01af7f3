from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        from web.cache import invalidate_on_change

        invalidate_on_change(self)
