from django.urls import path

from articles import feeds, views

app_name = "articles"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed.atom", feeds.ArticlesAtomFeed(), name="feed-atom"),
    path("feed.rss", feeds.ArticlesFeed(), name="feed-rss"),
    path("feed.json", feeds.json_feed, name="feed-json"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
