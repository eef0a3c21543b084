"""Two reviewers selecting at the same moment cannot take a compilation past its capacity: the compilation's
row is locked while one of them counts and selects."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from compilations import services

from .factories import NominationFactory


def _someone_waits_for_a_row_lock(timeout=10.0) -> bool:
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
def test_two_reviewers_selecting_at_once_stay_within_the_capacity(compilation, reviewer, reviewer2, monkeypatch):
    compilation.capacity = 1
    compilation.save()
    first, second = NominationFactory.create_batch(2, compilation=compilation)

    # Whoever locks the compilation first holds its transaction open until the other is seen waiting.
    release = threading.Event()
    real_count = services._selected_count

    def count_held_open(locked):
        release.wait(timeout=10)
        return real_count(locked)

    monkeypatch.setattr(services, "_selected_count", count_held_open)
    start = threading.Barrier(2)
    outcomes = {}

    def select(user, nomination):
        try:
            start.wait(timeout=10)
            outcomes[user.username] = services.nomination_select(nomination=nomination, user=user)
        except Exception as error:  # noqa: BLE001 -- the test inspects what each reviewer got
            outcomes[user.username] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=select, args=(reviewer, first)),
        threading.Thread(target=select, args=(reviewer2, second)),
    ]
    for thread in threads:
        thread.start()
    overlapped = _someone_waits_for_a_row_lock()
    release.set()
    for thread in threads:
        thread.join(timeout=30)

    assert overlapped, "the second selection never waited for the first one's lock"
    refused = [o for o in outcomes.values() if isinstance(o, ValidationError)]
    assert len(refused) == 1 and refused[0].code == "full", outcomes
    assert compilation.nominations.selected().count() == 1
