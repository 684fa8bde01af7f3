"""Sitemap machinery: absolute URLs from SITE_URL, and a sitemap of pages at named URLs.

Each app defines the sitemaps of its own rows; portfolio/urls.py puts them together.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SiteSitemap(Sitemap):
    """Builds URLs on SITE_URL rather than on the Host header of the request."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(SiteSitemap):
    """Pages at named URLs: `pages` maps each URL name to a function giving its last change."""

    def __init__(self, pages):
        self.pages = pages

    def items(self):
        # Each function is called once, however many pages share it.
        changed = {function: function() for function in set(self.pages.values())}
        self.last_changes = {name: changed[function] for name, function in self.pages.items()}
        return list(self.pages)

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self.last_changes[name]


@dataclass(frozen=True)
class ListingPage:
    """A page listing an app's rows, as an item of that app's sitemap: it changes with them."""

    url_name: str
    last_changed: object

    def get_absolute_url(self):
        return reverse(self.url_name)
