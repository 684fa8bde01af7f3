from django.apps import AppConfig


class ContactConfig(AppConfig):
    # Messages never appear on public pages, so saving one invalidates no cache.
    name = "contact"
