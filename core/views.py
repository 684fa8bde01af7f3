from datetime import timedelta

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core import seo
from core.site import get_profile

# security.txt must say when to stop trusting it; it is made at each request, so it never lapses.
SECURITY_TXT_LIFETIME = timedelta(days=180)


@require_safe
@never_cache
def health(request):
    """Liveness, for a load balancer or orchestrator: the process answers. Touches nothing else,
    so that a database outage does not get healthy app processes killed."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def ready(request):
    """Readiness: 200 when the database and the cache answer, 503 naming what is down."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    body = {"status": "ok" if all(checks.values()) else "unavailable"}
    body |= {name: "ok" if up else "down" for name, up in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


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


@require_safe
def robots_txt(request):
    # The admin is not named: its address is the owner's to keep to themselves.
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('search')}",
        "",
        f"Sitemap: {seo.absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def security_txt(request):
    """RFC 9116: where to report a vulnerability (the contact form) and until when this holds."""
    expires = (timezone.now() + SECURITY_TXT_LIFETIME).replace(microsecond=0)
    lines = [
        f"Contact: {seo.absolute_url(reverse('contact:form'))}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en",
        f"Canonical: {seo.absolute_url(reverse('core:security-txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def web_manifest(request):
    """The web app manifest: the site's name and icons, for a phone's home screen."""
    from django.templatetags.static import static

    profile = get_profile(request)
    manifest = {
        "name": f"{profile.name} — {profile.role}" if profile.name else "Portfolio",
        "short_name": profile.name or "Portfolio",
        "start_url": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#1f5f8b",
        "icons": [
            {"src": static("img/favicon.svg"), "type": "image/svg+xml", "sizes": "any"},
            {"src": static("img/icon-192.png"), "type": "image/png", "sizes": "192x192"},
            {"src": static("img/icon-512.png"), "type": "image/png", "sizes": "512x512"},
        ],
    }
    return JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
