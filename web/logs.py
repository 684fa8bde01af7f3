"""Logging: one JSON object per line (python-json-logger's formatter), a line per request with
its id, and the helpers settings.LOGGING names."""

import contextvars
import logging
import re
import time
from uuid import uuid4

from django.conf import settings

request_logger = logging.getLogger("portfolio.request")
current_request_id = contextvars.ContextVar("request_id", default=None)
# Probes that would drown the log: a load balancer calls them every few seconds.
QUIET_PATHS = {"/healthz", "/readyz"}
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestLogMiddleware:
    """Gives each request an id (the trusted proxy's X-Request-ID, or a new one), returns it in
    the response, and logs the request when it is answered: method, path, status, time, size.

    Only the path is logged: no query string, header, cookie or body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = self._incoming_id(request) or uuid4().hex
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if request.path not in QUIET_PATHS:
                request_logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "bytes": _size(response),
                    },
                )
            return response
        finally:
            current_request_id.reset(token)

    @staticmethod
    def _incoming_id(request):
        # Only a proxy in front of the site may name the request; a client's header is ignored.
        incoming = request.headers.get("X-Request-ID", "")
        if settings.TRUSTED_PROXY_COUNT and _VALID_REQUEST_ID.fullmatch(incoming):
            return incoming
        return None


def _size(response):
    if response.has_header("Content-Length"):
        return int(response["Content-Length"])
    return None if response.streaming else len(response.content)


class RequestIdFilter(logging.Filter):
    """Adds the id of the request being answered (if any) to every record."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class WithoutTraceback(logging.Filter):
    """Logs the record as one warning line: no traceback, level lowered to WARNING."""

    def filter(self, record):
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class WithoutHealthChecks(logging.Filter):
    """Drops Django's line for a health probe's answer (a 503 from /readyz while the database is
    down, every few seconds): the probes log only a change of readiness (web.middleware)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return getattr(request, "path", None) not in QUIET_PATHS
