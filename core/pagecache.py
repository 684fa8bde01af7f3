"""The page cache: public pages rendered once per content version, compressed once, and served
to every anonymous visitor from the shared cache without the database or the template engine.

A view opts in with `@cached_page`. A request carrying a session cookie (the owner signed in)
is never served from the cache, and a response is stored only when it is the same for every
anonymous visitor: a 200 that sets no cookie (but a new visitor's CSRF cookie), no session and
no message.

Pages that hold a form keep it valid for each visitor: the values in it that belong to one
visitor (the CSRF token, and whatever an app registers with `per_visitor_field`) are cut out
of the stored page and filled in for each request; a page that shows such a value anywhere
else is not stored. The stored page is split at those places;
each fixed part is compressed once, as a raw deflate stream ending on a byte boundary, so a
gzip response is put together from the stored parts and the visitor's few bytes as stored
blocks, with no compression per request. A page without such values is stored in Brotli too.
"""

import functools
import re
import struct
import zlib
from hashlib import blake2b

import brotli
from django.conf import settings
from django.core.cache import cache, caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, rotate_token
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.html import escape
from django.utils.http import parse_http_date_safe

from core.cache import VERSIONED_TIMEOUT, code_version, content_version

# Pages are stored in the shared cache and kept in each process's memory too: a page stored
# under a content version never changes, so only the version is asked of the shared cache.
local_pages = caches["pages"]
# Headers of the view's response that are kept; the others are made per request.
_DROPPED_HEADERS = {"content-length", "content-encoding", "etag", "vary", "set-cookie"}
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def _csrf_secret(request):
    """The visitor's CSRF secret, as the token in the form of a cached page; a new visitor's is
    drawn here (`rotate_token`), and Django's middleware sets it in the cookie.

    Django accepts the secret itself as the token, as it does from the cookie in an X-CSRFToken
    header. The token it renders is masked afresh for each response, so that the size of a page
    compressed with it gives nothing away (BREACH); a cached page carries the token in an
    uncompressed block, beside nothing that depends on the request, so it needs no mask, which
    would cost as much again as drawing the secret. `CSRF_COOKIE` is where Django's middleware
    keeps the secret for the request (from a valid cookie, or drawn)."""
    if "CSRF_COOKIE" not in request.META:
        rotate_token(request)
    return request.META["CSRF_COOKIE"]


_per_visitor = {"csrfmiddlewaretoken": _csrf_secret}


def per_visitor_field(name, make_value):
    """Fill the hidden input `name` of cached pages with `make_value(request)` per request."""
    _per_visitor[name] = make_value


def cached_page(view=None, *, query=()):
    """Cache the view's GET and HEAD responses for anonymous visitors, keyed on the path and
    the query parameters in `query` (the only ones the view reads)."""
    if view is None:
        return functools.partial(cached_page, query=query)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.page_cacheable = True
        # Read here, before the CSRF middleware's response pass resets it.
        response.page_used_csrf_token = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        return response

    wrapper.page_cache_query = tuple(query)
    return wrapper


ENCODINGS = ("br", "gzip", "identity")


class CachedPage:
    """One stored representation of a page (Brotli, gzip or identity), read with one cache get.

    `parts` alternate: fixed bytes, a per-visitor field's name, fixed bytes, ... For gzip the
    fixed parts are stored deflated, with the CRC of the first one (the bulk of the page), so
    that a request computes the checksum over the few bytes after it only.
    """

    def __init__(self, status, headers, etag, per_visitor, encoding, parts, crc=0, size=0):
        self.status, self.headers, self.etag = status, headers, etag
        self.per_visitor, self.encoding, self.parts = per_visitor, encoding, parts
        self.crc, self.size = crc, size
        self.last_modified = parse_http_date_safe(dict(headers).get("Last-Modified") or "")

    @classmethod
    def representations(cls, response):
        """Every representation of the response, by the encoding a request asks for; None when
        a value that belongs to one visitor also shows outside the field it fills (stored, it
        would be shown to everyone)."""
        headers = [
            (name, value) for name, value in response.items()
            if name.lower() not in _DROPPED_HEADERS
        ]  # fmt: skip
        names = "|".join(re.escape(name) for name in _per_visitor)
        pattern = re.compile(rf'(<input type="hidden" name="({names})" value=")[^"]*(")'.encode())
        body, parts, position, values = response.content, [], 0, set()
        for match in pattern.finditer(body):
            parts += [body[position : match.end(1)], match.group(2).decode()]
            values.add(body[match.end(1) : match.start(3)])
            position = match.start(3)
        parts.append(body[position:])
        fixed = parts[::2]
        if any(value and value in part for value in values for part in fixed):
            return None
        etag = blake2b(b"\0".join(fixed), digest_size=16).hexdigest()
        per_visitor = tuple(parts[1::2])  # the names of the fields filled per request

        def make(encoding, stored_parts, **extra):
            tag = f'"{etag}-{encoding}"'
            return cls(response.status_code, headers, tag, per_visitor, encoding, stored_parts,
                       **extra)  # fmt: skip

        deflated = [_deflate(part, last=index == len(fixed) - 1) for index, part in
                    enumerate(fixed)]  # fmt: skip
        gzip_parts = [deflated[0]]
        for name, raw, packed in zip(parts[1::2], fixed[1:], deflated[1:], strict=True):
            gzip_parts += [name, (raw, packed)]
        gzipped = make("gzip", gzip_parts, crc=zlib.crc32(fixed[0]), size=len(fixed[0]))
        if per_visitor:
            brotlied = gzipped  # per-visitor bytes cannot go into a Brotli stream made once
        else:
            # Brotli's best takes ~25 ms on a page, but most of a second on a feed of articles.
            quality = 11 if len(body) <= 64 * 1024 else 6
            brotlied = make("br", [brotli.compress(body, quality=quality)])
        return {"br": brotlied, "gzip": gzipped, "identity": make("identity", parts)}

    def response_for(self, request):
        # 304 for a matching If-None-Match, or If-Modified-Since on a page with Last-Modified.
        response = get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified
        )
        if response is None:
            response = HttpResponse(self._body(request), status=self.status)
            if self.encoding != "identity":
                response["Content-Encoding"] = self.encoding
            response["Content-Length"] = str(len(response.content))
        for name, value in self.headers:
            # A 304 has the page's headers (HSTS, the CSP, ...) but the one describing its body.
            if response.status_code != 304 or name.lower() != "content-type":
                response[name] = value
        response["ETag"] = self.etag
        # Pages holding one visitor's form values must not be kept by a shared cache (CDN).
        # (No Vary is stored: it is set here whole.)
        if self.per_visitor:
            response["Cache-Control"] = "private, max-age=0, must-revalidate"
            response["Vary"] = "Cookie, Accept-Encoding"
        else:
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
            response["Vary"] = "Accept-Encoding"
        return response

    def _body(self, request):
        values = [escape(_per_visitor[name](request)).encode() for name in self.parts[1::2]]
        if self.encoding == "gzip":
            return self._gzip(values)
        pieces = [self.parts[0]]
        for value, fixed in zip(values, self.parts[2::2], strict=True):
            pieces += [value, fixed]
        return b"".join(pieces)

    def _gzip(self, values):
        blocks, crc, size = [self.parts[0]], self.crc, self.size
        for value, (raw, packed) in zip(values, self.parts[2::2], strict=True):
            # A stored (uncompressed) deflate block: the visitor's value, as it is.
            blocks += [b"\x00" + struct.pack("<HH", len(value), len(value) ^ 0xFFFF), value, packed]
            crc = zlib.crc32(raw, zlib.crc32(value, crc))
            size += len(value) + len(raw)
        trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
        return _GZIP_HEADER + b"".join(blocks) + trailer


def _deflate(data, last):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(
        zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH
    )


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


def _encoding_for(accepted):
    """The best of the encodings accepted: br, else gzip, else none."""
    return next((encoding for encoding in ENCODINGS if encoding in accepted), "identity")


def _sendable(page, accepted):
    """Whether the client takes the stored copy: a page holding per-visitor values has no
    Brotli copy, and its gzip one stands in for it, for a client that may not take gzip."""
    return page.encoding == "identity" or page.encoding in accepted


class PageCacheMiddleware:
    """Serves and stores the pages of views decorated with @cached_page (see module doc).

    It sits just below CompressionMiddleware, so that a stored page is answered before the
    security and CSP middleware, the session, CSRF, authentication and message middleware run,
    and before the view is called: a hit costs no more than a look at the content version
    (core.cache.content_version). A page is stored on its way back out through those
    middleware, with the headers they added, which depend on nothing but the scheme and the
    settings, both of which the key holds. A hit of a page holding a form goes through
    Django's own CSRF middleware, which reads the visitor's token cookie, or sets one.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        key = _page_key(request)
        if key is None:
            return self.get_response(request)
        accepted = accepted_codings(request)
        encoding = _encoding_for(accepted)
        page = _stored_page(f"{key}:{encoding}")
        if page is not None and not _sendable(page, accepted):
            page = _stored_page(f"{key}:identity")
        if page is not None:
            if not page.per_visitor:
                return page.response_for(request)
            self.csrf.process_request(request)
            return self.csrf.process_response(request, page.response_for(request))
        response = self.get_response(request)
        pages = _storable_pages(request, response)
        if pages is None:
            return response
        stored = {f"{key}:{coding}": copy for coding, copy in pages.items()}
        cache.set_many(stored, VERSIONED_TIMEOUT)
        local_pages.set_many(stored, VERSIONED_TIMEOUT)
        page = pages[encoding] if _sendable(pages[encoding], accepted) else pages["identity"]
        served = page.response_for(request)
        served.cookies = response.cookies  # a new visitor's CSRF cookie
        return served


def _storable_pages(request, response):
    """The representations of a @cached_page response that may be served to everyone, or None."""
    if not getattr(response, "page_cacheable", False) or not _same_for_everyone(request, response):
        return None
    pages = CachedPage.representations(response)
    if pages is None:
        return None
    # The page used the visitor's CSRF token: only in the form fields that are filled per request.
    per_visitor = pages["identity"].per_visitor
    if response.page_used_csrf_token and "csrfmiddlewaretoken" not in per_visitor:
        return None
    # The token is filled in unmasked (_csrf_secret): only beside nothing a request can change,
    # such as a query parameter shown on the page, which an attacker could choose.
    if "csrfmiddlewaretoken" in per_visitor and _page_cache_query(
        settings.ROOT_URLCONF, request.path_info
    ):
        return None
    return pages


def signed_in(request):
    """Whether the request is the signed-in owner's: it carries a session cookie, which no
    anonymous visitor is given."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _page_key(request):
    """The cache key of the page the request asks for, or None when it is not served from the
    cache: not a GET or HEAD, a signed-in owner (a session), not a @cached_page view, or a
    plain-HTTP request that is to be redirected."""
    # Cheapest first: every static file passes here on its way to WhiteNoise, below.
    if request.method not in ("GET", "HEAD"):
        return None
    query = _page_cache_query(settings.ROOT_URLCONF, request.path_info)
    if query is None or not settings.PAGE_CACHE or signed_in(request):
        return None
    request.get_host()  # an unknown Host is refused with 400, as on every other page
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None  # redirected to HTTPS by the security middleware, below
    kept = [(name, request.GET.getlist(name)) for name in query]
    where = (request.scheme, request.path, kept, _header_settings_digest())
    address = blake2b(repr(where).encode(), digest_size=16)
    return f"portfolio:page:{code_version()}:{content_version()}:{address.hexdigest()}"


# The settings that shape the headers stored with a page by the middleware below the page cache
# (Django's security middleware, django-csp, X-Frame-Options). A page is stored under their
# digest, so that none stored under other values is served after they change (in the
# environment, read when a process starts).
_HEADER_SETTINGS = (
    "SECURE_SSL_REDIRECT", "SECURE_SSL_HOST", "SECURE_REDIRECT_EXEMPT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_REPORT_ONLY", "X_FRAME_OPTIONS",
)  # fmt: skip


@functools.cache
def _header_settings_digest():
    values = repr([getattr(settings, name, None) for name in _HEADER_SETTINGS])
    return blake2b(values.encode(), digest_size=8).hexdigest()


@receiver(setting_changed)
def _forget_header_settings(*, setting, **kwargs):
    if setting in _HEADER_SETTINGS:
        _header_settings_digest.cache_clear()


@functools.lru_cache(maxsize=1024)
def _page_cache_query(urlconf, path):
    """The query parameters that the @cached_page view of `path` reads, or None for a path of
    any other view, or of none. Kept for the paths asked lately: resolving an address costs
    more than serving its cached page. (Above every middleware that could set request.urlconf,
    the URLconf is the setting's.)"""
    try:
        return getattr(resolve(path, urlconf).func, "page_cache_query", None)
    except Resolver404:
        return None


def _stored_page(key):
    page = local_pages.get(key)
    if page is None:
        page = cache.get(key)
        if page is not None:
            local_pages.set(key, page, VERSIONED_TIMEOUT)
    return page


def _same_for_everyone(request, response):
    """A 200 that sets no cookie but the CSRF token's, no session and no message."""
    if response.status_code != 200 or response.streaming:
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))
