from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web plumbing: middleware, logs, health checks, the client's address, and the HTTP
    caching of public pages (web.cache). It imports no content app."""

    name = "web"

    def ready(self):
        from web.cache import invalidate_on_change

        # Uploaded images show on the pages that place them or have them as a cover.
        invalidate_on_change(self.apps.get_app_config("images"))
