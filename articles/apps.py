from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from core.cache import invalidate_on_change

        invalidate_on_change(self)
