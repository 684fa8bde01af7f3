from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("projects/", include("projects.urls")),
    path("articles/", include("articles.urls")),
    path("contact/", include("contact.urls")),
    path("admin/", admin.site.urls),
]
