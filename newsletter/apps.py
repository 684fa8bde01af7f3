from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    # Subscribers never appear on public pages, so saving one invalidates no cache.
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from django.db.models.signals import post_save

        from articles.models import Article
        from core.signals import rows_updated
        from newsletter import mailings

        post_save.connect(mailings.article_saved, sender=Article, dispatch_uid="newsletter:saved")
        rows_updated.connect(
            mailings.articles_updated, sender=Article, dispatch_uid="newsletter:updated"
        )
