"""Two reviewers deciding the same case at the same moment: exactly one decision is recorded."""

import threading
import time

import pytest
from django.db import connection

from accounts.models import Notification
from accounts.roles import Role
from models_registry import services
from models_registry.choices import FlagOutcome, ModelStatus, Transition
from models_registry.models import ModelEvent, ReviewFlag
from tests.factories import UserFactory

from . import steps


def _someone_waits_for_a_row_lock(timeout=10.0) -> bool:
    """Whether another connection to the test database is seen blocked on a lock within `timeout`."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite locks the whole database, not rows"
)
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_deciding_at_once_record_exactly_one_decision(alice, reviewer, monkeypatch):
    rosa = UserFactory(username="rosa", roles=[Role.REVIEWER])
    model = steps.model_at(ModelStatus.UNDER_REVIEW, official=alice, reviewer=reviewer)
    notifications = Notification.objects.count()

    # Whoever locks the flag first holds its transaction open inside the move until the other reviewer
    # is seen waiting for that lock: the two decisions really overlap, whatever the thread scheduling.
    release = threading.Event()
    real_move = services._move

    def move_held_open(*args, **kwargs):
        release.wait(timeout=10)
        return real_move(*args, **kwargs)

    monkeypatch.setattr(services, "_move", move_held_open)
    start = threading.Barrier(2)
    outcomes = {}

    def decide(user, decision):
        try:
            start.wait(timeout=10)
            outcomes[user.username] = decision(model, user)
        except Exception as error:  # noqa: BLE001 -- the test inspects what each reviewer got
            outcomes[user.username] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=decide, args=(reviewer, steps.keep)),
        threading.Thread(target=decide, args=(rosa, steps.remove)),
    ]
    for thread in threads:
        thread.start()
    overlapped = _someone_waits_for_a_row_lock()
    release.set()
    for thread in threads:
        thread.join(timeout=30)

    assert overlapped, "the second decision never waited for the first one's lock"
    recorded = [outcome for outcome in outcomes.values() if isinstance(outcome, ModelEvent)]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, services.AlreadyDecidedError)]
    assert (len(recorded), len(refused)) == (1, 1), outcomes
    decisions = ModelEvent.objects.filter(model=model, transition__in=[Transition.KEEP, Transition.REMOVE])
    assert list(decisions) == recorded
    winner = recorded[0]
    model.refresh_from_db()
    flag = ReviewFlag.objects.get(model=model)
    if winner.transition == Transition.KEEP:
        assert (model.status, flag.outcome, flag.decided_by) == (ModelStatus.RECOGNISED, FlagOutcome.KEPT, reviewer)
    else:
        assert (model.status, flag.outcome, flag.decided_by) == (ModelStatus.REMOVED, FlagOutcome.REMOVED, rosa)
    # Only the recorded decision told alice about it.
    assert Notification.objects.count() == notifications + 1


def test_the_second_reviewer_is_told_the_case_was_already_decided(client, alice, reviewer):
    rosa = UserFactory(username="rosa", roles=[Role.REVIEWER])
    model = steps.model_at(ModelStatus.UNDER_REVIEW, official=alice, reviewer=reviewer)
    client.force_login(rosa)
    assert client.get(f"/models/{model.pk}/decide/").status_code == 200  # rosa opens the form...
    steps.remove(model, reviewer)  # ...while rita decides
    events = ModelEvent.objects.filter(model=model).count()

    response = steps.english(client).post(
        f"/models/{model.pk}/decide/", {"decision": "keep", "comment": "Vẫn hiệu quả."}
    )

    assert response.status_code == 200
    assert "Another reviewer has already decided this case; nothing was changed." in steps.page_text(response)
    model.refresh_from_db()
    assert model.status == ModelStatus.REMOVED
    assert ModelEvent.objects.filter(model=model).count() == events
    assert ReviewFlag.objects.get(model=model).outcome == FlagOutcome.REMOVED


def test_keeping_in_bulk_a_model_already_decided_names_it_and_changes_nothing(client, alice, reviewer):
    decided = steps.model_at(ModelStatus.FLAGGED, official=alice, reviewer=reviewer)
    waiting = steps.model_at(ModelStatus.FLAGGED, official=alice, reviewer=reviewer)
    rosa = UserFactory(username="rosa", roles=[Role.REVIEWER])
    client.force_login(rosa)
    steps.keep(decided, reviewer)
    events = ModelEvent.objects.count()

    response = steps.english(client).post(
        "/reviews/bulk/",
        {"action": "keep", "models": [decided.pk, waiting.pk], "explanation": "Vẫn hiệu quả.", "next": "/models/"},
        follow=True,
    )

    assert f"Nothing was changed: {decided.code}: already decided." in steps.page_text(response)
    assert ModelEvent.objects.count() == events
    assert ReviewFlag.objects.open().filter(model=waiting).exists()
