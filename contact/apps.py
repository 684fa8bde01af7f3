from uuid import uuid4

from django.apps import AppConfig


class ContactConfig(AppConfig):
    # Messages never appear on public pages, so saving one invalidates no cache.
    name = "contact"

    def ready(self):
        from contact.forms import fill_token
        from core.pagecache import per_visitor_field

        # The contact form's values that belong to one visitor's copy of a cached page.
        per_visitor_field("shown_at", lambda request: fill_token())
        per_visitor_field("key", lambda request: str(uuid4()))
