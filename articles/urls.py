from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
