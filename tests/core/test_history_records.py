"""Every tracked model declares core.history.HistoricalRecords, whose history manager class is built once, and its
history still reads and writes as django-simple-history's does."""

import pytest
from django.apps import apps

from core.history import HistoryManager
from tests.factories import AgencyFactory


def tracked_models():
    return [model for model in apps.get_models() if hasattr(model._meta, "simple_history_manager_attribute")]


def test_every_tracked_model_builds_its_history_manager_once():
    models = tracked_models()
    assert len(models) >= 20
    for model in models:
        descriptor = model.__dict__[model._meta.simple_history_manager_attribute]
        assert issubclass(descriptor.manager_class, HistoryManager), model
        assert type(model.history) is type(model.history), model  # the same class on each access


@pytest.mark.django_db
def test_an_instances_history_lists_its_own_changes_newest_first():
    agency, other = AgencyFactory(name="Cũ"), AgencyFactory()
    agency.name = "Mới"
    agency.save()
    assert [entry.name for entry in agency.history.all()] == ["Mới", "Cũ"]
    assert [entry.history_type for entry in agency.history.all()] == ["~", "+"]
    assert other.history.count() == 1


@pytest.mark.django_db
def test_each_save_snapshots_the_links_as_they_are_then():
    from tests.factories import MovementModelFactory

    first, second = AgencyFactory(), AgencyFactory()
    model = MovementModelFactory()
    model.cooperating_agencies.set([first, second])  # each link change is a history entry of its own
    model.cooperating_agencies.remove(first)
    model.name = "Tên mới"
    model.save()
    snapshots = [
        sorted(link.agency_id for link in entry.cooperating_agencies.all()) for entry in model.history.order_by("pk")
    ]
    assert snapshots[0] == []
    assert snapshots[-2:] == [[second.pk], [second.pk]]
    assert sorted([first.pk, second.pk]) in snapshots
    latest = model.history.first().cooperating_agencies.get()
    assert (latest.movementmodel_id, latest.agency) == (model.pk, second)
