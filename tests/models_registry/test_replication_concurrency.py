"""Replication links made at the same moment (PostgreSQL, real transactions): kept apart from test_replication.py,
whose ordinary tests must not share a module with a transactional one (tests/conftest.py says why)."""

from django.core.exceptions import ValidationError

from accounts.roles import Role
from models_registry import services
from models_registry.choices import ReplicationKind
from models_registry.models import Replication
from models_registry.services import replication
from tests.concurrency import needs_row_locks, race
from tests.factories import MovementModelFactory, UserFactory

ADOPTED = ReplicationKind.ADOPTED


@needs_row_locks
def test_two_links_made_at_once_cannot_close_a_circle_between_them(monkeypatch):
    # A→B and C→D exist; B→C and D→A lock different rows, and each alone closes no circle.
    reviewer = UserFactory(roles=[Role.REVIEWER])
    a, b, c, d = (MovementModelFactory(recognised=True) for _ in range(4))
    services.replication_link(replica=b, source=a, kind=ADOPTED, user=reviewer)
    services.replication_link(replica=d, source=c, kind=ADOPTED, user=reviewer)

    outcomes = race(
        monkeypatch,
        [
            lambda: services.replication_link(replica=c, source=b, kind=ADOPTED, user=reviewer),
            lambda: services.replication_link(replica=a, source=d, kind=ADOPTED, user=reviewer),
        ],
        hold=(replication, "_check_source"),
    )

    refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(refused) == 1 and refused[0].code == "replication_cycle"
    assert Replication.objects.count() == 3
