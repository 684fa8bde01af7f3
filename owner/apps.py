from django.apps import AppConfig


class OwnerConfig(AppConfig):
    name = "owner"

    def ready(self):
        from owner.models import Profile
        from web.cache import invalidate_on_change, watch_schedule

        invalidate_on_change(self)
        # A set availability ends by itself: the pages that show it change at that moment.
        watch_schedule(Profile.availability_ends_at)
