from django.apps import AppConfig


class TestimonialsConfig(AppConfig):
    name = "testimonials"

    def ready(self):
        from web.cache import invalidate_on_change

        invalidate_on_change(self)
