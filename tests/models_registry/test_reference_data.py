"""The reference data the migrations load (models_registry/reference_data.py): loaded again it adds nothing,
loaded into an emptied database it comes back whole with its history, and a load that fails leaves nothing."""

import pytest
from django.apps import apps

from models_registry.models import AdministrativeUnit, Field, IndicatorType, UnitSuccession
from models_registry.reference_data import FIELDS, INDICATOR_TYPES, load_all

pytestmark = pytest.mark.django_db


def snapshot():
    units = AdministrativeUnit.objects.order_by("code", "valid_from")
    successions = UnitSuccession.objects.order_by("predecessor__code", "predecessor__valid_from", "successor__code")
    return (
        list(units.values_list("code", "name", "level", "parent__code", "valid_from", "valid_to")),
        list(successions.values_list("predecessor__code", "successor__code", "effective_date", "share", "legal_basis")),
        sorted(Field.objects.values_list("name", flat=True)),
        sorted(IndicatorType.objects.values_list("name", flat=True)),
    )


def empty_units():
    UnitSuccession.objects.all().delete()
    while AdministrativeUnit.objects.exists():  # children before their parents (PROTECT)
        AdministrativeUnit.objects.filter(children__isnull=True).delete()


def test_loaded_again_it_adds_nothing():
    migrated = snapshot()
    load_all(apps)
    assert snapshot() == migrated
    assert len(migrated[0]) > 300 and len(migrated[1]) > 150
    assert migrated[2] == sorted(FIELDS) and migrated[3] == sorted(name for name, _unit in INDICATOR_TYPES)


def test_into_an_emptied_database_it_comes_back_whole_with_its_history():
    migrated = snapshot()
    empty_units()
    load_all(apps)
    assert snapshot() == migrated
    created = AdministrativeUnit.history.filter(history_type="+")
    assert created.count() == AdministrativeUnit.objects.count()


def test_a_load_that_fails_leaves_nothing(monkeypatch):
    empty_units()

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(UnitSuccession.objects, "create", broken)
    with pytest.raises(RuntimeError):
        load_all(apps)
    assert not AdministrativeUnit.objects.exists()
