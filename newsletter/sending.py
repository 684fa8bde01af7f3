"""The worker's side: each mailing is sent in batches of NEWSLETTER_RATE emails a minute, one
SMTP connection a batch, each email recorded as sent the moment the mail server accepts it.

A run of `send_mailing` first queues the next run (in a minute for the next batch, or when
this batch's claims would lapse), so that a worker killed in the middle of a batch leaves a run
behind that takes the rest up. A sender claims each delivery
with one UPDATE before it talks to the mail server: two senders never hold one delivery. So
each subscriber gets each article once, but for one window: a sender killed after the mail
server accepted an email and before its row recorded it; the email sent again then carries
the same Message-ID, by which mail clients show it once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Min
from django.utils import timezone
from django_tasks import task

from articles.models import Article
from newsletter.emails import ArticleEmails
from newsletter.models import Delivery, Mailing, SendingSettings

logger = logging.getLogger(__name__)

BATCH_INTERVAL = timedelta(minutes=1)
RETRY_BASE = timedelta(minutes=5)
RETRY_CAP = timedelta(hours=6)


def enqueue_sending(mailing_pk, at=None):
    (send_mailing.using(run_after=at) if at else send_mailing).enqueue(mailing_pk)


def send_claim():
    """How long one sender holds a delivery: far longer than one SMTP exchange."""
    return timedelta(seconds=settings.NEWSLETTER_SEND_CLAIM_SECONDS)


@task()
def send_mailing(mailing_pk):
    """Send one batch of the mailing's due emails; the next run is queued before it starts."""
    if SendingSettings.current().paused:
        return 0  # switching the pause off queues the waiting mailings again
    started = timezone.now()
    due = list(
        Delivery.objects.due(started)
        .filter(mailing=mailing_pk)
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.NEWSLETTER_RATE + 1]
    )
    more_than_a_batch = len(due) > settings.NEWSLETTER_RATE
    due = due[: settings.NEWSLETTER_RATE]
    waiting = Delivery.objects.filter(mailing=mailing_pk, state=Delivery.State.PENDING)
    if not due:
        # Held by a sender (who may have died) or waiting for a retry: look again then.
        if (later := next_look(waiting, started)) is not None:
            enqueue_sending(mailing_pk, at=later)
        return 0
    # The next batch in a minute; or, for this batch's last claims, when they would lapse.
    wait = BATCH_INTERVAL if more_than_a_batch else send_claim()
    enqueue_sending(mailing_pk, at=started + wait)
    return send_batch(mailing_pk, due)


def next_look(waiting, now):
    """When the earliest delivery held or waiting for a retry can be sent, or None."""
    times = waiting.aggregate(held=Min("sending_until"), retry=Min("next_attempt_at"))
    later = [when for when in times.values() if when is not None]
    return max(min(later), now) if later else None


def send_batch(mailing_pk, pks):
    """Send each delivery this sender can claim; returns how many were sent."""
    emails = ArticleEmails(Mailing.objects.select_related("article").get(pk=mailing_pk).article)
    sent = 0
    connection = get_connection()
    try:
        connection.open()
        for pk in pks:
            if not claim(pk):
                continue
            delivery = Delivery.objects.select_related("subscriber").get(pk=pk)
            email = emails.to(delivery.subscriber.email, delivery.subscriber.token,
                              message_id=delivery.message_id)  # fmt: skip
            try:
                connection.send_messages([email])
            except Exception as error:  # Recorded on the row; the batch stops, the run goes on.
                record_failure(delivery, error)
                break
            Delivery.objects.filter(pk=pk).update(
                state=Delivery.State.SENT, sent_at=timezone.now(), sending_until=None,
                last_error="",
            )  # fmt: skip
            sent += 1
    except Exception as error:  # The mail server could not be reached: nothing was claimed.
        logger.warning("Newsletter batch not sent: %s: %s", type(error).__name__, error)
    finally:
        connection.close()
    return sent


def claim(pk):
    """Hold one delivery for this sender, if it is still due."""
    now = timezone.now()
    return (
        Delivery.objects.due(now)
        .filter(pk=pk)
        .update(sending_until=now + send_claim(), attempts=F("attempts") + 1)
    )


def record_failure(delivery, error):
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    delivery.sending_until = None
    if delivery.attempts >= settings.NEWSLETTER_MAX_SEND_ATTEMPTS:
        delivery.state = Delivery.State.FAILED
        logger.error("Newsletter email %s failed %s times", delivery.pk, delivery.attempts)
    else:
        delay = min(RETRY_BASE * 2 ** (delivery.attempts - 1), RETRY_CAP)
        delivery.next_attempt_at = timezone.now() + delay
        logger.warning("Newsletter email %s not sent: %s", delivery.pk, delivery.last_error)
    delivery.save(update_fields=["last_error", "sending_until", "state", "next_attempt_at"])


def resume_waiting_mailings():
    """Queue a run for each mailing with emails still to send (unpausing, the clock)."""
    mailings = (
        Delivery.objects.filter(state=Delivery.State.PENDING)
        .values_list("mailing", flat=True)
        .distinct()
    )
    for mailing_pk in mailings:
        enqueue_sending(mailing_pk)
    return len(mailings)


@task()
def send_test(article_pk, address):
    """Email an article to the owner's own address, as subscribers will get it (without the
    unsubscribe link): a draft too."""
    ArticleEmails(Article.objects.get(pk=article_pk)).to(address).send()
