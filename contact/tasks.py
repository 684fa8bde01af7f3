"""The contact form's background work, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from contact import services


@task()
def deliver_message(message_pk):
    """Email one stored message; after a failure, queue the next attempt at its time."""
    delivery = services.deliver(message_pk)
    if delivery == services.Delivery.PENDING:
        message = services.ContactMessage.objects.get(pk=message_pk)
        deliver_message.using(run_after=message.next_attempt_at).enqueue(message_pk)
    return delivery
