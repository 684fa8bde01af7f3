from django.urls import path

from images import views

app_name = "images"
urlpatterns = [
    path("media/<path:name>", views.media, name="media"),
]
