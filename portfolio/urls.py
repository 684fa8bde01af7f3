from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from access.passkeys import PasskeySignIn
from articles.sitemaps import ArticleSitemap, CategorySitemap, TagSitemap
from core.sitemaps import PagesSitemap
from experience.sitemaps import SkillSitemap
from owner.site import profile_changed_at
from portfolio import views, well_known
from projects.sitemaps import ProjectSitemap
from web.cache import public_page

sitemaps = {
    "pages": PagesSitemap(
        {
            "home": profile_changed_at,
            "cv": profile_changed_at,
            "contact:form": profile_changed_at,
            "privacy": profile_changed_at,
            "newsletter:page": profile_changed_at,
        }
    ),
    "projects": ProjectSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "skills": SkillSitemap,
}

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.site_search, name="search"),
    path("cv/", views.cv, name="cv"),
    path("privacy/", views.privacy, name="privacy"),
    path("resume.json", views.resume_json, name="resume-json"),
    path("robots.txt", well_known.robots_txt, name="robots"),
    path(".well-known/security.txt", well_known.security_txt, name="security-txt"),
    path("manifest.webmanifest", well_known.web_manifest, name="manifest"),
    path("contact.vcf", well_known.vcard, name="vcard"),
    path("", include("images.urls")),
    path("projects/", include("projects.urls")),
    path("toolkit/", include("experience.urls")),
    path("articles/", include("articles.urls")),
    path("contact/", include("contact.urls")),
    path("reading/", include("stats.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("sitemap.xml", require_safe(public_page(sitemap)), {"sitemaps": sitemaps}, name="sitemap"),
    # Passkeys: django-otp-webauthn's endpoints (its scripts look them up by this namespace),
    # with its last sign-in step replaced by one under django-axes' lockout.
    path(
        f"{settings.ADMIN_PATH}passkeys/authentication/complete/",
        PasskeySignIn.as_view(),
        name="passkey-sign-in",
    ),
    path(
        f"{settings.ADMIN_PATH}passkeys/",
        include("django_otp_webauthn.urls", namespace="otp_webauthn"),
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
]
