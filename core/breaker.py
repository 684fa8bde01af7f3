"""A circuit breaker in front of Redis: once calls to it fail twice in a row, the process leaves it
alone for a few seconds, so that a Redis that hangs costs two socket timeouts every few seconds,
not one for each of a page's cache calls.

With the breaker open, connecting fails at once with `Refused` (a redis-py ConnectionError),
which django-redis turns into a cache miss (IGNORE_EXCEPTIONS): pages are rendered for each
visitor, as with Redis down. The first connection after the pause tries Redis again. One failure
alone (a connection dropped by the network while idle, one slow answer) does not open it, and a
call that succeeds starts the count again.

Set up in portfolio/settings.py as django-redis's CONNECTION_POOL_CLASS, with the log filter
below on django-redis's log, which would otherwise log every refused call.
"""

import logging
import threading
import time

from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)


class Refused(ConnectionError):
    """Redis was not asked: the breaker is open."""


class Breaker:
    FAILURES_TO_OPEN = 2

    def __init__(self, pause_seconds):
        self.pause_seconds = pause_seconds
        self.lock = threading.Lock()
        self.failures, self.open_until = 0, 0.0

    def failed(self):
        with self.lock:
            self.failures += 1
            if self.failures >= self.FAILURES_TO_OPEN:
                self.failures, self.open_until = 0, time.monotonic() + self.pause_seconds
                logger.warning("Redis failed; the cache is skipped for %s s", self.pause_seconds)

    def succeeded(self):
        self.failures = 0

    def refuse_while_open(self):
        if time.monotonic() < self.open_until:
            raise Refused("Redis failed a moment ago; it is left alone for a few seconds")


breaker = Breaker(pause_seconds=5)


class _Broken:
    """Mixed into a redis-py connection class: failed connects and reads count towards opening
    the breaker, and an open breaker refuses to connect (redis-py's pool asks every connection
    it hands out to connect, so connections already made are refused too)."""

    def connect(self):
        breaker.refuse_while_open()
        super().connect()

    def _connect(self):
        # The socket's connection; the first commands on it are read by read_response below.
        try:
            return super()._connect()
        except OSError:
            breaker.failed()
            raise

    def read_response(self, *args, **kwargs):
        if "timeout" in kwargs:  # a poll of the version channel: nothing may have come yet
            return super().read_response(*args, **kwargs)
        try:
            response = super().read_response(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            breaker.failed()
            raise
        breaker.succeeded()
        return response


_classes = {}


def _with_breaker(connection_class):
    if connection_class not in _classes:
        name = f"{connection_class.__name__}WithBreaker"
        _classes[connection_class] = type(name, (_Broken, connection_class), {})
    return _classes[connection_class]


class BreakerConnectionPool(ConnectionPool):
    """A connection pool whose connections (plain, TLS or Unix socket, as the URL says) go
    through the breaker."""

    def __init__(self, connection_class=Connection, **kwargs):
        super().__init__(connection_class=_with_breaker(connection_class), **kwargs)


class WithoutRefusedCalls(logging.Filter):
    """Drops the log records of cache calls the breaker refused: it said once that it opened."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        return not (error is not None and isinstance(error.__cause__, Refused))
