"""When an article becomes public, its mailing is made: once, for the subscribers confirmed
then. Published now, the save makes it; scheduled, a task queued for its time does; the clock's
`send_newsletter` makes any that a lost task or a bulk action left out."""

from django.db import IntegrityError, transaction
from django_tasks import task

from articles.models import Article
from newsletter.models import Delivery, Mailing, Subscriber
from newsletter.sending import enqueue_sending


def start_mailing(article):
    """Make the article's mailing if it is public and has none; return it if made now."""
    if not article.is_public or Mailing.objects.filter(article=article).exists():
        return None
    try:
        # The sending is queued in the same transaction (the task queue is the database): it
        # exists exactly when the mailing does.
        with transaction.atomic():
            mailing = Mailing.objects.create(article=article)
            deliveries = Delivery.objects.bulk_create(
                Delivery(mailing=mailing, subscriber=subscriber)
                for subscriber in Subscriber.objects.confirmed()
            )
            if deliveries:
                enqueue_sending(mailing.pk)
    except IntegrityError:
        return None  # made at the same moment by another process
    return mailing


def start_mailings():
    """Make the mailing of every public article that has none; return how many were made."""
    waiting = Article.objects.published().filter(mailing__isnull=True)
    return sum(1 for article in waiting if start_mailing(article))


@task()
def mail_when_public(article_pk):
    """Run at a scheduled article's time: mail it if it is public by now."""
    article = Article.objects.filter(pk=article_pk).first()
    return bool(article and start_mailing(article))


def article_saved(sender, instance, raw=False, **kwargs):
    """post_save of an article: mail it if it is public now, or look again at its time."""
    if raw:
        return
    if instance.is_public:
        start_mailing(instance)
    elif instance.status == Article.Status.PUBLISHED:
        mail_when_public.using(run_after=instance.published_at).enqueue(instance.pk)


def articles_updated(sender, **kwargs):
    """Articles published all at once (the admin's bulk action) are mailed too."""
    start_mailings()
