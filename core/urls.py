from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("media/<path:name>", views.media, name="media"),
]
