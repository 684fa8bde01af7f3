"""The site-wide files a browser, a search engine or a security researcher asks for at known
addresses: robots.txt, security.txt, the web manifest, and the owner's contact card."""

from datetime import timedelta

from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from core import seo
from owner.site import get_profile

# security.txt must say when to stop trusting it; it is made at each request, so it never lapses.
SECURITY_TXT_LIFETIME = timedelta(days=180)


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
        f"Canonical: {seo.absolute_url(reverse('security-txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def web_manifest(request):
    """The web app manifest: the site's name and icons, for a phone's home screen."""
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


def _vcard_text(value):
    """A vCard text value (RFC 6350, 3.4): backslashes, commas, semicolons and newlines escaped."""
    for char, escaped in [("\\", "\\\\"), (",", "\\,"), (";", "\\;"), ("\n", "\\n")]:
        value = value.replace(char, escaped)
    return value


@require_safe
def vcard(request):
    """The owner as a contact card: name, role, the site and its contact page. An email address
    only when the owner has set one to show."""
    profile = get_profile(request)
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{_vcard_text(profile.name)}"]
    if profile.role:
        lines.append(f"TITLE:{_vcard_text(profile.role)}")
    lines.append(f"URL:{seo.absolute_url(reverse('home'))}")
    if profile.email:
        lines.append(f"EMAIL:{profile.email}")
    contact_page = seo.absolute_url(reverse("contact:form"))
    lines += [f"NOTE:{_vcard_text(f'Contact form: {contact_page}')}", "END:VCARD"]
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/vcard; charset=utf-8")
    slug = "".join(char for char in profile.name.lower() if char.isalnum()) or "contact"
    response["Content-Disposition"] = f'inline; filename="{slug}.vcf"'
    return response
