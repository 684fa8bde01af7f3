from django.urls import path
from django.views.decorators.http import require_safe

from articles import feeds, views
from articles.models import Category, Tag
from web.cache import public_page

app_name = "articles"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed.atom", require_safe(public_page(feeds.ArticlesAtomFeed())), name="feed-atom"),
    path("feed.rss", require_safe(public_page(feeds.ArticlesFeed())), name="feed-rss"),
    path("feed.json", require_safe(public_page(feeds.json_feed)), name="feed-json"),
    path("category/<slug:slug>/", views.labelled_articles, {"model": Category}, name="category"),
    path("tag/<slug:slug>/", views.labelled_articles, {"model": Tag}, name="tag"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
