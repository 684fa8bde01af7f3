"""HTTP caching of the public pages, and the content version that keeps them fresh.

A view decorated with `@public_page` makes a page that is the same bytes for every anonymous
visitor, and says so in HTTP, so that a shared cache in front of the app (nginx, see
deploy/nginx/, or a CDN) keeps it and serves it while the app is down:

- `Cache-Control: public, max-age=0, s-maxage=1, stale-if-error=86400`: browsers and the front
  cache ask the app again after a second, with the page's ETag, and get a 304 until the content
  or the code changes;
- the ETag is the code and content versions, known before anything is rendered, so that
  revalidation costs neither a query nor a template;
- the app keeps the page itself too, compressed, in Django's cache ("pages" in CACHES, with
  `cache_page`), under the same versions, for where no front cache runs (`bin/serve`, a Procfile
  platform).

The signed-in owner's requests (they carry a session cookie) are rendered for the request and
marked `private, no-store`: no cache keeps what the owner sees.

The content version is a token replaced whenever a content row is saved or deleted, and when
the next scheduled change falls due (an article published for a later date). An app whose rows
appear on public pages calls `invalidate_on_change(self)` in its AppConfig.ready(), and
`watch_schedule(...)` for rows that become public by themselves at a set time.
"""

import contextlib
import functools
import os
from hashlib import blake2b
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_vary_headers,
)
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.cache import cache_page

from core.signals import rows_updated
from web.http import signed_in
from web.middleware import CompressionMiddleware

# The view's answer compressed as the site compresses every answer, before cache_page keeps it,
# so that a page from the app's cache is not compressed again for each request.
compressed = decorator_from_middleware(CompressionMiddleware)

VERSION_KEY = "portfolio:content-version"
# What a shared cache is told: keep the page, ask again after a second (revalidation is a cheap
# 304), and serve the old copy for a day while the app fails. Without stale-while-revalidate,
# so that an edit shows within two seconds however rarely a page is asked for.
PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=1, stale-if-error=86400"
_schedules = []


def public_page(view):
    """Serve the view's GET and HEAD answers as public pages (see the module's docstring)."""
    compressed_view = compressed(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if signed_in(request) or request.method not in ("GET", "HEAD"):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        version = page_version(request)
        # Weak: each coding of the page is a representation of its own.
        etag = f'W/"{version}"'
        response = get_conditional_response(request, etag=etag)  # a 304, or None
        if response is None:
            cached_view = cache_page(settings.PAGE_CACHE_SECONDS, cache="pages", key_prefix=version)
            response = cached_view(compressed_view)(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # now: cache_page keeps it once rendered, before these headers
        if response.status_code in (200, 304):
            # cache_page set its own lifetime for the app's cache; these are what others get.
            del response["Expires"]
            response["Cache-Control"] = PUBLIC_CACHE_CONTROL
            response["ETag"] = etag
            patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapper


def page_version(request):
    """What a public page, and what is kept to make one, is kept under: the code and the
    content it is made from. Read once per request, before any row it covers."""
    if not hasattr(request, "page_version"):
        request.page_version = f"{code_version()}-{content_version()}"
    return request.page_version


def kept_for_this_version(request, name, read):
    """`read()`, kept in the app's page cache under the page version: what every page needs
    and no edit has changed is read once per edit by each process."""
    key = f"{name}:{page_version(request)}"
    return caches["pages"].get_or_set(key, read, settings.PAGE_CACHE_SECONDS)


@functools.cache
def code_version():
    """A digest of the files this process runs: code, templates and static files, so that
    after a deploy no page made by the code before (with links to static files that are gone)
    is served. Computed when the web process loads (portfolio/wsgi.py), before gunicorn forks
    its workers, so that it describes the code the workers run."""
    skipped = {Path(settings.STATIC_ROOT).resolve(), Path(settings.MEDIA_ROOT).resolve()}
    return tree_digest(Path(settings.BASE_DIR), skipped)


# Folders that hold no code of the site's own: caches, installed packages, the data in var/.
_NOT_CODE = {"__pycache__", "node_modules", "venv", "var"}


def tree_digest(root, skipped=()):
    """A digest of the path and bytes of every regular file under `root` (hidden files such as
    .env included), but in hidden folders, in _NOT_CODE folders and in the folders `skipped`."""
    digest = blake2b(digest_size=8)
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(
            name for name in folders
            if not name.startswith(".") and name not in _NOT_CODE
            and (Path(folder) / name).resolve() not in skipped
        )  # fmt: skip
        for name in sorted(files):
            path = Path(folder) / name
            # Not a socket, a pipe, a dangling link (an editor's lock file) or an unreadable file.
            with contextlib.suppress(OSError):
                if path.is_file():
                    digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def watch_schedule(next_change_at):
    """Register a function returning when content next changes by itself (or None)."""
    _schedules.append(next_change_at)


def _start_version():
    due = [when for when in (schedule() for schedule in _schedules) if when is not None]
    entry = {"token": uuid4().hex, "next_change_at": min(due, default=None)}
    cache.set(VERSION_KEY, entry, timeout=None)
    return entry


def content_version():
    """The current content version's token."""
    entry = cache.get(VERSION_KEY)
    if entry is None or (entry["next_change_at"] and entry["next_change_at"] <= timezone.now()):
        entry = _start_version()  # who knows what a scheduled change shows
    return entry["token"]


def content_changed(**kwargs):
    """Start a new content version now, and again once the change is committed; usable as a
    signal receiver. A page rendered between the two reads the rows as they were before the
    commit and is kept under the first new version, which the second makes unreachable."""
    _start_version()
    transaction.on_commit(_start_version)


@receiver(rows_updated)
def rows_updated_by_a_query(**kwargs):
    content_changed()


def invalidate_on_change(app_config):
    """Start a new content version whenever a row of one of the app's models changes."""
    for model in app_config.get_models():
        uid = f"content-changed:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:m2m"
            )
