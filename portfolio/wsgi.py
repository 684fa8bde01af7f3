"""WSGI entry point, used by gunicorn."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import resolve, reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings")

application = get_wsgi_application()

# What a process's first request would load (the URL patterns and the views they name, the
# table of URL names), loaded here: gunicorn loads this module before it forks its workers, so
# that a worker replaced under load answers its first request as fast as its thousandth.
resolve(reverse("home"))
