"""Links from the owner's texts to pages of this site: each must lead to a page that exists.

A path the URLconf does not know is broken. A path it knows that names one row (an article's,
a project's, a category's or a tag's slug) must also be one of the public pages the sitemap
lists; the sitemap is the site's own list of them, so no app is named here.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve

# Files, not pages: static files and uploads (an image placed by reference is checked apart).
FILES = tuple("/" + url.lstrip("/") for url in (settings.STATIC_URL, settings.MEDIA_URL))
# Markdown links and images, `[text](/path)`, and HTML links, `href="/path"`.
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|href=[\"']([^\"']+)")


def internal_paths(source):
    """The paths on this site that a Markdown text links to, in order, without repeats."""
    site = settings.SITE_URL.rstrip("/")
    paths = []
    for match in LINK.finditer(source):
        url = match.group(1) or match.group(2)
        if site and url.startswith(site + "/"):
            url = url.removeprefix(site)
        if url.startswith("/") and not url.startswith("//"):
            path = urlsplit(url).path
            if path not in paths:
                paths.append(path)
    return paths


def _public_paths():
    """Every page the sitemap lists, by path."""
    sitemaps = resolve("/sitemap.xml").kwargs["sitemaps"]
    paths = set()
    for sitemap in sitemaps.values():
        sitemap = sitemap() if isinstance(sitemap, type) else sitemap
        paths.update(sitemap.location(item) for item in sitemap.items())
    return paths


def broken_internal_links(source):
    """The internal paths of the text that lead to no page."""
    broken, public = [], None
    for path in internal_paths(source):
        if path.startswith(FILES):
            continue
        try:
            match = resolve(path)
        except Resolver404:
            broken.append(path)
            continue
        if match.kwargs:  # a page of one row: it must be one the site shows
            public = _public_paths() if public is None else public
            if path not in public:
                broken.append(path)
    return broken


def validate_internal_links(source):
    """A field validator: the text may not link to a page of this site that does not exist."""
    if broken := broken_internal_links(source):
        raise ValidationError(
            "These links lead to no page of this site: "
            + ", ".join(broken)
            + ". Check the address (a mistyped or changed slug?) or publish the page first.",
            code="broken_link",
        )
