from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("core.urls")),
    path("projects/", include("projects.urls")),
    path("articles/", include("articles.urls")),
    path("contact/", include("contact.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
]
