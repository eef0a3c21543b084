"""The demo's replication links: a few models replicated across several communes, some onward, each link entered
through the service with its history entry."""

import pytest

from models_registry.models import MovementModel, Replication

pytestmark = pytest.mark.django_db


def test_a_few_models_are_replicated_across_several_units_and_some_onward():
    replicated = MovementModel.objects.in_list().has_been_replicated()
    assert 4 <= replicated.count() <= 40
    spreads = sorted(replicated.with_spread().values_list("spread", flat=True), reverse=True)
    assert spreads[0] >= 4
    # Onward chains: some replicating models are replicated in turn.
    assert Replication.objects.filter(source__in=Replication.objects.values("replica")).exists()
    # Each link has its history entry, by the reviewer who recorded it, dated after the replicating model.
    for link in Replication.objects.select_related("replica", "created_by"):
        entry = link.history.get()
        assert entry.history_user == link.created_by and entry.history_date > link.replica.created_at
    # Several units: the replicas of the most replicated model are not all in one place.
    top = replicated.with_spread().order_by("-spread", "code").first()
    units = set(top.replications.values_list("replica__registered_unit", flat=True))
    assert len(units) >= 3
