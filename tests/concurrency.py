"""The concurrency harness: run several actions at the very same moment, each in its own thread and database
connection, and make sure they really overlap.

Whoever reaches `hold` first (a function the service calls while it holds its row lock) waits there until
another thread is seen blocked on a lock, so the actions overlap whatever the thread scheduling. Only
PostgreSQL locks rows; `needs_row_locks` skips the test elsewhere.
"""

import threading
import time

import pytest
from django.db import connection


def needs_row_locks(test):
    """Mark a race test: PostgreSQL only (SQLite locks the whole database, not rows), in real transactions."""
    skip = pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite locks the whole database, not rows"
    )
    return skip(pytest.mark.django_db(transaction=True)(test))


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


def race(monkeypatch, actions, *, hold) -> list:
    """Run `actions` (callables) at once; returns what each returned or raised, in order.

    `hold` is (module, name) of a function called inside the services' locked section."""
    module, name = hold
    release = threading.Event()
    real = getattr(module, name)

    def held(*args, **kwargs):
        release.wait(timeout=10)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    start = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(number, action):
        try:
            start.wait(timeout=10)
            outcomes[number] = action()
        except Exception as error:  # noqa: BLE001 - the test inspects what each action got
            outcomes[number] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(number, action)) for number, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    overlapped = _someone_waits_for_a_row_lock()
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert overlapped, "the actions never waited for each other's lock"
    return outcomes
