"""Middleware of the site's own: the health checks, the response headers Django has no setting
for, and the compression of responses."""

import gzip
import logging
import secrets

import brotli
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import FileResponse, JsonResponse
from django.middleware import gzip as django_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from web.http import signed_in

logger = logging.getLogger(__name__)

# Every powerful feature the site does not use, refused to the page and to anything it embeds;
# passkeys (the admin's sign-in) to the site's own pages only, never to an embedded one.
PERMISSIONS_POLICY = ", ".join(
    [
        f"{feature}=()"
        for feature in [
            "accelerometer", "ambient-light-sensor", "autoplay", "battery", "bluetooth", "camera",
            "display-capture", "encrypted-media", "fullscreen", "gamepad", "geolocation",
            "gyroscope", "hid", "idle-detection", "local-fonts", "magnetometer", "microphone",
            "midi", "payment", "picture-in-picture", "screen-wake-lock", "serial",
            "storage-access", "usb", "web-share", "xr-spatial-tracking",
        ]
    ]
    + ["publickey-credentials-get=(self)", "publickey-credentials-create=(self)"]
)  # fmt: skip


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Nothing here is meant to be embedded by another site (images, styles, pages).
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class HeadMiddleware:
    """A HEAD response is GET's headers, its Content-Length included, without the body (RFC
    9110, 9.3.2), as Django's development server sends it. gunicorn drops a body sent for HEAD
    itself, but logs a warning for each such response, and monitors ask with HEAD all day.
    A 304 gives no length at all: the 0 that Django's CommonMiddleware sets is not its page's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 304:
            del response["Content-Length"]
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = ()  # a file is closed with the response
            else:
                # Not for a 304 (or 204), which has no length of its own to give.
                if response.status_code not in (204, 304):
                    response.setdefault("Content-Length", str(len(response.content)))
                response.content = b""
        return response


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before the Host header is checked and before the HTTPS
    redirect, so that a load balancer or orchestrator can probe a process by its address, over
    plain HTTP. Neither answer may be cached.

    /healthz is liveness: the process answers; it touches nothing else, so that a database
    outage does not get healthy app processes killed. /readyz is readiness: 200 when the
    database and the cache answer, 503 with a JSON body naming what is down.

    Probes log nothing; a change of readiness is logged once by each process.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # This process's last readiness, to log its changes; it starts out taken for ready.
        self.last_answer = {"status": "ok", "database": "ok", "cache": "ok"}

    def __call__(self, request):
        if request.path == "/healthz":
            response = JsonResponse({"status": "ok"})
        elif request.path == "/readyz":
            checks = {"database": _database_answers(), "cache": _cache_answers()}
            ready = all(checks.values())
            body = {"status": "ok" if ready else "unavailable"}
            body |= {name: "ok" if up else "down" for name, up in checks.items()}
            response = JsonResponse(body, status=200 if ready else 503)
            self.log_change(body)
        else:
            return self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response

    def log_change(self, answer):
        if answer != self.last_answer:
            if answer["status"] == "ok":
                logger.info("Ready: the database and the cache answer.")
            else:
                down = [name for name, state in answer.items() if state == "down"]
                logger.warning("Not ready: the %s does not answer.", " and the ".join(down))
        self.last_answer = answer


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _cache_answers():
    try:
        cache.set("portfolio:ready-check", 1, timeout=10)
        return cache.get("portfolio:ready-check") == 1
    except Exception:  # Any cache backend's connection error: the cache is what is down.
        return False


class CompressionMiddleware(django_gzip.GZipMiddleware):
    """Compresses responses: Django's GZipMiddleware, with Brotli as well and these changes:

    - a file (a FileResponse) is sent as it is stored: WhiteNoise's static files come
      compressed ahead wherever that helps, and images are compressed already;
    - nothing is compressed for a client that refuses a coding with `q=0`, which Django's takes
      for a yes;
    - an anonymous visitor whose client accepts Brotli gets it. Public pages hold no secret;
      the contact page's only one is the CSRF token, which Django masks afresh for every
      response, so its compressed size gives nothing away (BREACH);
    - every gzip response carries Django's defence against BREACH, a file name of random
      length in the gzip header, which Brotli has no room for; so the signed-in owner's pages
      (the admin), which hold what visitors sent and echo what is typed into them, are always
      gzipped. They are made for one person at a time, each for its request: at zlib's level 1,
      a few more bytes, for much less time than Django's level 6.

    A front cache (deploy/nginx/) keeps the compressed copies, so a public page is compressed
    once for each coding, not for each request. Streaming responses are gzipped by Django's
    own code, as they are sent.
    """

    owner_gzip_level = 1
    # The default of nginx's Brotli module: smaller than gzip on this site's pages, where lower
    # qualities came out larger, and quick enough to run once for each page.
    brotli_quality = 6

    def process_response(self, request, response):
        if isinstance(response, FileResponse) or response.has_header("Content-Encoding"):
            return response
        if not response.streaming and len(response.content) < 200:
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        accepted = accepted_codings(request)
        if response.streaming:
            if "gzip" in accepted:
                return super().process_response(request, response)
            return response
        if "br" in accepted and not signed_in(request):
            coding = "br"
            compressed = brotli.compress(response.content, quality=self.brotli_quality)
        elif "gzip" in accepted and signed_in(request):
            coding = "gzip"
            compressed = self._padded_gzip(response.content)
        elif "gzip" in accepted:
            coding = "gzip"
            compressed = compress_string(response.content, max_random_bytes=self.max_random_bytes)
        else:
            return response
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        # A strong ETag made weak, as RFC 9110 asks of a representation changed on the way.
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = coding
        return response

    def _padded_gzip(self, content):
        """Django's compress_string, at the owner's level."""
        compressed = gzip.compress(content, compresslevel=self.owner_gzip_level, mtime=0)
        header = bytearray(compressed[:10])
        header[3] = gzip.FNAME
        filename = b"a" * secrets.randbelow(self.max_random_bytes) + b"\0"
        return bytes(header) + filename + compressed[10:]


def accepted_codings(request):
    """The content codings the request's Accept-Encoding names, but those refused with q=0
    (`x-gzip` is gzip)."""
    accepted = set()
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, _, params = item.partition(";")
        name, _, weight = params.partition("=")
        try:
            refused = name.strip().lower() == "q" and float(weight) == 0
        except ValueError:
            refused = False
        if not refused:
            accepted.add(coding.strip().lower())
    if "x-gzip" in accepted:
        accepted.add("gzip")
    return accepted
