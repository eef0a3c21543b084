"""Two reviewers deciding the same case at the same moment: exactly one decision is recorded. (PostgreSQL, real
transactions: apart from the module's ordinary tests, see tests/conftest.py.)"""

from accounts.models import Notification
from accounts.roles import Role
from models_registry import services
from models_registry.choices import FlagOutcome, ModelStatus, Transition
from models_registry.models import ModelEvent, ReviewFlag
from models_registry.services import workflow
from tests.concurrency import needs_row_locks, race
from tests.factories import UserFactory

from . import steps


@needs_row_locks
def test_two_reviewers_deciding_at_once_record_exactly_one_decision(alice, reviewer, monkeypatch):
    rosa = UserFactory(username="rosa", roles=[Role.REVIEWER])
    model = steps.model_at(ModelStatus.UNDER_REVIEW, official=alice, reviewer=reviewer)
    notifications = Notification.objects.count()

    outcomes = race(
        monkeypatch,
        [lambda: steps.keep(model, reviewer), lambda: steps.remove(model, rosa)],
        hold=(workflow, "_move"),
    )

    recorded = [outcome for outcome in outcomes if isinstance(outcome, ModelEvent)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, services.AlreadyDecidedError)]
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
