"""The content version: one token that every cached page's key includes.

The token is replaced whenever a content row is saved or deleted, and when the next scheduled
change falls due (an article published for a later date), so old cached pages are never read
again and simply expire. With a shared cache (Redis) the change is seen by every app process at
once.

With Redis, the version is also announced on a channel, and each process keeps its own copy of
it while nothing has been announced (`_VersionWatch`): a page served from the cache then costs
no round trip to Redis at all.

Each app has a version of its own as well (`app_versions`), replaced together with the content
version whenever one of the app's rows changes: a part of a page that shows the rows of a few
apps only is cached under their versions, and outlives edits to the others.

An app whose rows appear on public pages calls `invalidate_on_change(self)` in its
AppConfig.ready(), and `watch_schedule(...)` for rows that become public by themselves at a
set time; nothing here knows which apps those are.
"""

import contextlib
import functools
import os
import threading
import time
from hashlib import blake2b
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django_redis import get_redis_connection
from redis.exceptions import RedisError

VERSION_KEY = "portfolio:content-version"
VERSION_CHANNEL = "portfolio:content-version-changed"
APP_VERSION_KEY = "portfolio:app-version:{}"
# What is kept under a version (pages, their parts, the site data) is never read again once the
# version is replaced; this bounds what the old entries cost.
VERSIONED_TIMEOUT = 24 * 60 * 60
_schedules = []
_apps = set()  # the labels of the apps whose changes start a new version


class _VersionWatch:
    """This process's copy of the content version, kept while Redis announces no new one.

    The process subscribes to the version channel. Before each use of its copy it takes, without
    waiting, whatever the subscription has received: an announcement drops the copy, and so does
    the confirmation of a new subscription (a lost connection may have missed announcements), so
    the next read asks Redis again. The copy is kept only while the subscription is confirmed,
    and for COPY_SECONDS at most, in case a connection dies without a word (an idle timeout in
    the network); until then, and whenever Redis cannot be reached, the version is read every
    time.
    """

    COPY_SECONDS = 5

    def __init__(self):
        self.lock = threading.Lock()  # the threads of a gthread worker share one subscription
        self.pool = self.pubsub = self.pid = None
        self.entry, self.confirmed, self.copied_at = None, False, 0.0

    def read(self):
        # A thread that finds another one listening (or waiting on a slow Redis) reads directly.
        if not self.lock.acquire(blocking=False):
            return cache.get(VERSION_KEY)
        try:
            try:
                self._listen(get_redis_connection("default"))
            except RedisError:
                self._forget()
            if self.entry is not None and time.monotonic() - self.copied_at < self.COPY_SECONDS:
                return self.entry
            entry = cache.get(VERSION_KEY)
            if self.confirmed:
                self.entry, self.copied_at = entry, time.monotonic()
            return entry
        finally:
            self.lock.release()

    def _listen(self, client):
        # Each thread has its own cache client, all on the process's one pool.
        if client.connection_pool is not self.pool or self.pid != os.getpid():
            self._forget()  # another cache (tests change settings), or a forked process
            self.pool, self.pid = client.connection_pool, os.getpid()
            self.pubsub = client.pubsub()
            self.pubsub.subscribe(VERSION_CHANNEL)
            self.pubsub.connection.register_connect_callback(self._connected)
        while (message := self.pubsub.get_message(timeout=0)) is not None:
            self.entry = None
            if message["type"] == "subscribe":
                self.confirmed = True

    def _connected(self, connection):
        # A new connection: until it is confirmed, nothing heard on it can be trusted. (Called
        # from inside _listen, with the lock held: it must not take it.)
        self._drop()

    def _drop(self):
        self.entry, self.confirmed = None, False

    def _forget(self):
        if self.pubsub is not None and self.pid == os.getpid():
            if self.pubsub.connection is not None:
                self.pubsub.connection.deregister_connect_callback(self._connected)
            self.pubsub.reset()
        self.pool = self.pubsub = self.pid = None
        self._drop()


_watch = _VersionWatch()


def _announced():
    """Whether the version is announced on a channel: the default cache is Redis."""
    return settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"


@functools.cache
def code_version():
    """A digest of the files this process runs: code, templates and static files. A cached page
    is stored under it as well, so that after a deploy no page rendered by the code before is
    served (with links to static files that are gone); two processes of one release share it.
    Computed when the web process loads (portfolio/wsgi.py), before gunicorn forks its workers,
    so that it describes the code the workers run."""
    skipped = {Path(settings.STATIC_ROOT).resolve(), Path(settings.MEDIA_ROOT).resolve()}
    return tree_digest(Path(settings.BASE_DIR), skipped)


# Folders that hold no code of the site's own: caches, installed packages, the data in var/.
_NOT_CODE = {"__pycache__", "node_modules", "venv", "var"}


def tree_digest(root, skipped=()):
    """A digest of the path and bytes of every regular file under `root` (hidden files such as
    .env included), but in hidden folders, in _NOT_CODE folders and in the folders `skipped`;
    about 15 ms for this project."""
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


def _start_version(apps=()):
    due = [when for when in (schedule() for schedule in _schedules) if when is not None]
    entry = {"token": uuid4().hex, "next_change_at": min(due, default=None)}
    # In one write: a page stored under the new content version is never made of parts cached
    # under an app version of before.
    versions = {APP_VERSION_KEY.format(label): uuid4().hex for label in apps}
    cache.set_many({**versions, VERSION_KEY: entry}, timeout=None)
    if _announced():
        # With Redis down the version was not stored either: every page is rendered meanwhile.
        with contextlib.suppress(RedisError):
            get_redis_connection("default").publish(VERSION_CHANNEL, entry["token"])
        # This process knows at once, without waiting for its own announcement to come back;
        # otherwise a version that fell due would be started again until it did.
        _watch.entry = None
    return entry


def content_version():
    """The current content version's token."""
    entry = _watch.read() if _announced() else cache.get(VERSION_KEY)
    if entry is None or (entry["next_change_at"] and entry["next_change_at"] <= timezone.now()):
        entry = _start_version(apps=_apps)  # who knows what a scheduled change shows
    return entry["token"]


_process_copies = {}  # what `under_content_version` keeps: name -> (content version, value)


def under_content_version(name, read):
    """`read(token)`, called once per content version in this process (or by each of the
    threads that race to it), with its token: for a value stored under the content version in
    the shared cache, which never changes while that version is current, so that only the first
    request after an edit asks Redis for it (a round trip costs more than all the rest of a page
    served from the cache). Every request of the process shares the value: it is read-only."""
    token = content_version()
    copy = _process_copies.get(name)
    if copy is None or copy[0] != token:
        copy = _process_copies[name] = (token, read(token))
    return copy[1]


def app_versions(labels):
    """The current version token of each app in `labels`, by label, read at once (after the
    content version, which starts new ones when a scheduled change has fallen due).

    They are replaced only together with the content version (in one write), so this process
    keeps them while it is current. A token that was missing is set here, and two processes may
    set different ones: each then keeps its own, which only names what it cached itself."""
    labels = frozenset(labels)
    return under_content_version(("app-versions", labels), lambda token: _read_app_versions(labels))


def _read_app_versions(labels):
    keys = {label: APP_VERSION_KEY.format(label) for label in labels}
    found = cache.get_many(keys.values())
    if len(found) < len(keys):
        # Never set, or lost (a Redis restarted empty), or the cache is down. Two processes may
        # both set one: the parts cached under the token that is overwritten are not read again.
        missing = {key: uuid4().hex for key in set(keys.values()) - set(found)}
        cache.set_many(missing, timeout=None)
        found |= missing
    return {label: found[key] for label, key in keys.items()}


def content_changed(sender=None, **kwargs):
    """Start a new content version, and a new version of the sender's app (of every app
    without a sender), now and again once the change is committed; usable as a signal
    receiver.

    A page rendered between the two reads the rows as they were before the commit and is kept
    under the first new version, which the second makes unreachable.
    """
    apps = {sender._meta.app_label} if sender is not None else _apps
    _start_version(apps)
    transaction.on_commit(lambda: _start_version(apps))


def invalidate_on_change(app_config):
    """Start a new content version whenever a row of one of the app's models changes."""
    _apps.add(app_config.label)
    for model in app_config.get_models():
        uid = f"content-changed:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:m2m"
            )
