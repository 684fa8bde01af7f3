"""One new article emailed to 1,000 subscribers by the task worker, through a real SMTP server
on loopback that accepts every message: how long the mailing takes and at what rate. Run by
bench/run, in the benchmark's environment and database."""

import logging
import os
import subprocess
import sys
import time

import django

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Category  # noqa: E402
from bench.run import free_port  # noqa: E402
from newsletter.models import Delivery, Subscriber  # noqa: E402

SUBSCRIBERS = 1000


class Sink:
    """Accepts every message, as a provider's SMTP relay does, and counts them."""

    def __init__(self):
        self.accepted = 0

    async def handle_DATA(self, server, session, envelope):
        self.accepted += 1
        return "250 Accepted"


def main():
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # the SMTP server's every line
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader-{n}@example.com", status=Subscriber.Status.CONFIRMED)
        for n in range(SUBSCRIBERS)
    )
    # All in one batch: the rate setting is a provider's limit, not what is measured here.
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
           "NEWSLETTER_RATE": str(SUBSCRIBERS), "LOG_LEVEL": "WARNING"}  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-startup-delay",
         "--no-reload", "--interval", "0.1"],
        env=env,
    )  # fmt: skip
    try:
        started = time.perf_counter()
        Article.objects.create(
            title="The newsletter's benchmark", slug="newsletter-benchmark",
            category=Category.objects.first(), summary="Sent to every subscriber at once.",
            body="Sent to every subscriber at once.\n", status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )  # fmt: skip
        sent = 0
        while sent < SUBSCRIBERS and time.perf_counter() - started < 600:
            time.sleep(0.2)
            sent = Delivery.objects.filter(state=Delivery.State.SENT).count()
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        smtp.stop()
    print(
        f"newsletter: one article to {SUBSCRIBERS:,} subscribers: {sent:,} sent and "
        f"{sink.accepted:,} accepted by the mail server in {elapsed:.1f} s "
        f"({sent / elapsed:,.0f} emails a second)"
    )
    return 0 if sent == sink.accepted == SUBSCRIBERS else 1


if __name__ == "__main__":
    sys.exit(main())
