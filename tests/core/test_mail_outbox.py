"""The e-mail outbox: written with the change, sent after commit, retried while the server is down, never lost,
never sent twice."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from core.mail import backoff, deliver_due, queue_mail
from core.models import OutboxEmail
from tests.mail_backends import use_refusing, use_working

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_before_the_commit_and_nothing_for_a_rolled_back_change(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_mail("Rolled back", "body", ["a@example.vn"])
            raise RuntimeError
    assert OutboxEmail.objects.count() == 0
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_mail("Kept", "body", ["a@example.vn"])
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [message.subject for message in mailoutbox] == ["Kept"]
    assert OutboxEmail.objects.get().sent_at is not None


def test_a_failing_mail_server_keeps_the_message_and_backs_off_until_it_is_back(settings, mailoutbox):
    use_refusing(settings)
    start = timezone.now()
    message = queue_mail("Outage", "body", ["a@example.vn"])

    for attempt, wait in ((1, 1), (2, 2), (3, 4)):
        assert deliver_due(at=start + timedelta(hours=attempt)) == (0, 1)
        message.refresh_from_db()
        assert message.attempts == attempt and message.sent_at is None
        assert message.next_attempt_at == start + timedelta(hours=attempt) + timedelta(minutes=wait)
    # Not due yet: not tried again.
    assert deliver_due(at=message.next_attempt_at - timedelta(seconds=1)) == (0, 0)

    use_working(settings)
    assert deliver_due(at=message.next_attempt_at) == (1, 0)
    assert deliver_due(at=message.next_attempt_at + timedelta(days=1)) == (0, 0)
    assert [m.subject for m in mailoutbox] == ["Outage"]
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 4


def test_backoff_doubles_and_stops_at_an_hour():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 7, 8, 20)] == [1, 2, 4, 60, 60, 60]


def test_housekeeping_sends_what_is_due(settings, mailoutbox):
    from django.core.management import call_command

    use_refusing(settings)
    queue_mail("Later", "body", ["a@example.vn"])
    deliver_due()
    use_working(settings)
    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    call_command("housekeeping")
    assert [m.subject for m in mailoutbox] == ["Later"]


def test_a_message_sent_again_after_a_crash_carries_the_same_message_id(mailoutbox):
    """A worker killed between the mail server's answer and the commit leaves the message unsent: the resend is
    recognisably the same message to mail systems that drop duplicates."""
    first = queue_mail("Once", "body", ["a@example.vn"])
    queue_mail("Other", "body", ["a@example.vn"])
    deliver_due()
    OutboxEmail.objects.filter(pk=first.pk).update(sent_at=None)  # as if the commit never happened
    deliver_due()
    ids = [(m.subject, m.extra_headers["Message-ID"]) for m in mailoutbox]
    assert [subject for subject, _id in ids] == ["Once", "Other", "Once"]
    assert ids[0][1] == ids[2][1] != ids[1][1]
    assert ids[0][1].startswith(f"<outbox-{first.pk}.")
