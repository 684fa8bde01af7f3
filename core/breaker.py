"""A circuit breaker in front of Redis: once a call to it fails, the process leaves it alone for a
few seconds, so that a Redis that hangs costs one socket timeout every few seconds, not one for
each of a page's cache calls.

With the breaker open, connecting fails at once with redis-py's ConnectionError, which
django-redis turns into a cache miss (IGNORE_EXCEPTIONS): pages are rendered for each visitor, as
with Redis down. The first connection after the pause tries Redis again, and either closes the
breaker or opens it for another pause.

Set up in portfolio/settings.py as django-redis's CONNECTION_POOL_CLASS.
"""

import threading
import time

from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError, TimeoutError


class Breaker:
    def __init__(self, pause_seconds):
        self.pause_seconds = pause_seconds
        self.lock = threading.Lock()
        self.open_until = 0.0

    def open(self):
        with self.lock:
            self.open_until = time.monotonic() + self.pause_seconds

    def refuse_while_open(self):
        if time.monotonic() < self.open_until:
            raise ConnectionError("Redis failed a moment ago; it is left alone for a few seconds")


breaker = Breaker(pause_seconds=5)


class _BrokenByFailures:
    """Mixed into a redis-py connection class: a failed connect or read opens the breaker."""

    def connect(self):
        breaker.refuse_while_open()
        try:
            super().connect()
        except (ConnectionError, TimeoutError):
            breaker.open()
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            breaker.open()
            raise


_classes = {}


def _with_breaker(connection_class):
    if connection_class not in _classes:
        name = f"{connection_class.__name__}WithBreaker"
        _classes[connection_class] = type(name, (_BrokenByFailures, connection_class), {})
    return _classes[connection_class]


class BreakerConnectionPool(ConnectionPool):
    """A connection pool whose connections (plain, TLS or Unix socket, as the URL says) go
    through the breaker."""

    def __init__(self, connection_class=Connection, **kwargs):
        super().__init__(connection_class=_with_breaker(connection_class), **kwargs)
