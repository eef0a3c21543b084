"""Two reviewers selecting at the same moment cannot take a compilation past its capacity: the compilation's
row is locked while one of them counts and selects."""

from django.core.exceptions import ValidationError

from compilations import services
from tests.concurrency import needs_row_locks, race

from .factories import NominationFactory


@needs_row_locks
def test_two_reviewers_selecting_at_once_stay_within_the_capacity(compilation, reviewer, reviewer2, monkeypatch):
    compilation.capacity = 1
    compilation.save()
    first, second = NominationFactory.create_batch(2, compilation=compilation)

    outcomes = race(
        monkeypatch,
        [
            lambda: services.nomination_select(nomination=first, user=reviewer),
            lambda: services.nomination_select(nomination=second, user=reviewer2),
        ],
        hold=(services, "_selected_count"),
    )

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1 and refused[0].code == "full", outcomes
    assert compilation.nominations.selected().count() == 1
