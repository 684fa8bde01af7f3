"""Facts about the request that depend on how the site is deployed."""

from django.conf import settings
from django_ratelimit.core import get_usage


def client_ip(request):
    """The visitor's address: the connection's own, or, behind TRUSTED_PROXY_COUNT proxies,
    the address the outermost of them saw (each proxy appends the address it was called from).

    A client can write anything at the start of X-Forwarded-For, so only the entries the
    trusted proxies appended are read.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


def signed_in(request):
    """Whether the request is the signed-in owner's: it carries a session cookie, which no
    anonymous visitor is given."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def over_rate_limit(request, group, rate):
    """Count this POST against the client address's limit `rate` ("5/h") in `group`: the
    seconds until the address may post again if it is over it, else None. While the cache
    cannot count, posts are let through (RATELIMIT_FAIL_OPEN)."""
    usage = get_usage(request, group=group, key="ip", rate=rate, method="POST", increment=True)
    return usage["time_left"] if usage is not None and usage["should_limit"] else None
