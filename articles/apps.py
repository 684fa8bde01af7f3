from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from articles.models import Article
        from web.cache import invalidate_on_change, watch_schedule

        invalidate_on_change(self)
        # A scheduled article appears by itself: cached pages are replaced at that moment.
        watch_schedule(Article.objects.next_scheduled_at)
