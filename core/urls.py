from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.health, name="health"),
]
