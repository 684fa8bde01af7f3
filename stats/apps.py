from django.apps import AppConfig


class StatsConfig(AppConfig):
    # Reading statistics are never shown on public pages: saving them invalidates no cache.
    name = "stats"
    verbose_name = "Statistics"
