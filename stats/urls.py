from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("view.gif", views.view_seen, name="view"),
    path("end.gif", views.end_reached, name="end"),
]
