from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path("contact.vcf", views.vcard, name="vcard"),
    path("media/<path:name>", views.media, name="media"),
]
