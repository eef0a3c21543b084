"""E-mail through an outbox: `queue_mail()` writes the message in the caller's transaction, a job sends it once
that commits. A mail server that is down loses nothing: the message stays in the outbox and is tried again later
(1, 2, 4 … minutes, at most an hour apart) by the worker, or by `manage.py housekeeping` where jobs run
in-process. Each message is locked while it is sent, so two workers never send it twice, and it is marked sent in
the same transaction. A worker killed in the instant between the mail server accepting a message and that commit
leaves it unsent, to be sent again: the resend carries the same Message-ID (one per outbox row), so mail systems
that drop duplicates show it once."""

import logging
from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import OutboxEmail
from .tasks_backend import enqueue_after_commit, enqueue_later

logger = logging.getLogger(__name__)

BATCH = 100
MAX_BACKOFF = timedelta(hours=1)


def queue_mail(subject: str, body: str, recipients: list[str]) -> OutboxEmail:
    message = OutboxEmail.objects.create(subject=subject[:255], body=body, recipients=list(recipients))
    enqueue_after_commit(deliver_outbox)
    return message


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def message_id(message: OutboxEmail) -> str:
    """The same for every attempt at one outbox message, different for any other."""
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    return f"<outbox-{message.pk}.{message.created_at:%Y%m%d%H%M%S%f}@{host}>"


def deliver_due(at=None) -> tuple[int, int]:
    """Send every message that is due; return (sent, failed). A failure is recorded and retried later."""
    now = at or timezone.now()
    sent = failed = 0
    due = OutboxEmail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)
    for pk in list(due.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            message = (
                OutboxEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if message is None:  # another worker has it, or sent it already
                continue
            try:
                EmailMessage(
                    message.subject, message.body, None, message.recipients, headers={"Message-ID": message_id(message)}
                ).send()
            except Exception as error:  # any failure of the mail server: keep the message, try again later
                message.attempts += 1
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                message.next_attempt_at = now + backoff(message.attempts)
                message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
                logger.warning("E-mail %s not sent (attempt %s): %s", pk, message.attempts, message.last_error)
                failed += 1
            else:
                message.sent_at = timezone.now()
                message.attempts += 1
                message.save(update_fields=["sent_at", "attempts"])
                sent += 1
    _schedule_retry()
    return sent, failed


def _schedule_retry() -> None:
    waiting = OutboxEmail.objects.filter(sent_at__isnull=True).order_by("next_attempt_at").first()
    if waiting is not None:
        enqueue_later(deliver_outbox, waiting.next_attempt_at)


@task()
def deliver_outbox() -> list[int]:
    return list(deliver_due())
