from django.urls import path

from experience import views

app_name = "experience"
urlpatterns = [
    path("<int:pk>/", views.skill_detail, name="skill"),
]
