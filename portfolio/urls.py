from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from articles.sitemaps import ArticleSitemap, CategorySitemap, TagSitemap
from core.cache import public_page
from core.site import profile_changed_at
from core.sitemaps import PagesSitemap
from experience.sitemaps import SkillSitemap
from portfolio import views
from projects.sitemaps import ProjectSitemap

sitemaps = {
    "pages": PagesSitemap(
        {"home": profile_changed_at, "cv": profile_changed_at, "contact:form": profile_changed_at}
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
    path("resume.json", views.resume_json, name="resume-json"),
    path("", include("core.urls")),
    path("projects/", include("projects.urls")),
    path("toolkit/", include("experience.urls")),
    path("articles/", include("articles.urls")),
    path("contact/", include("contact.urls")),
    path("sitemap.xml", require_safe(public_page(sitemap)), {"sitemaps": sitemaps}, name="sitemap"),
    path(settings.ADMIN_PATH, admin.site.urls),
]
