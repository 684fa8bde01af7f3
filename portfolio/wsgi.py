"""WSGI entry point, used by gunicorn."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import resolve, reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings")

application = get_wsgi_application()

from web.cache import code_version  # noqa: E402 (an app's module: once Django is set up)

# What a process's first request would load or work out (the URL patterns and the views they
# name, the table of URL names, the digest of the code), done here: gunicorn loads this module
# before it forks its workers, so that a worker replaced under load answers its first request as
# fast as its thousandth, and every worker names the code it was forked with.
resolve(reverse("home"))
code_version()
