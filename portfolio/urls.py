from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.models import Article
from articles.sitemaps import ArticleSitemap, CategorySitemap, TagSitemap
from core.models import Profile
from core.sitemaps import PagesSitemap
from portfolio import views
from projects.models import Project
from projects.sitemaps import ProjectSitemap

sitemaps = {
    "pages": PagesSitemap(
        {
            "home": Profile.last_changed,
            "projects:list": Project.objects.last_updated_at,
            "articles:list": Article.objects.last_published_at,
            "contact:form": Profile.last_changed,
        }
    ),
    "projects": ProjectSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.site_search, name="search"),
    path("", include("core.urls")),
    path("projects/", include("projects.urls")),
    path("articles/", include("articles.urls")),
    path("contact/", include("contact.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("admin/", admin.site.urls),
]
