"""The indicator rows grow and shrink in the browser (static/js/formsets.js): what the page gives the script,
and that what the script posts (more rows than the page showed, a removed row that was never saved) is saved
as a person expects. Without JavaScript the same posts come from the blank rows and the "Remove" boxes."""

import re
from decimal import Decimal

import pytest

from models_registry.models import IndicatorType, MovementModel
from tests.factories import AdministrativeUnitFactory, FieldFactory, ModelIndicatorFactory, MovementModelFactory

from .helpers import edit_model_data, in_default_language, new_model_data


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def new_form(agency):
    unit, field = AdministrativeUnitFactory(), FieldFactory()
    return lambda **fields: new_model_data(owner_agency=agency, registered_unit=unit, field=field, **fields)


def test_the_form_carries_an_empty_row_for_the_script_with_its_labels(signed_in):
    page = signed_in.get("/models/new/").content.decode()
    template = re.search(r"<template data-formset-empty>(.*?)</template>", page, re.S).group(1)
    # The script swaps __prefix__ for the row's index and __number__ for its number as people count.
    for name in ("indicator_type", "value", "year", "DELETE"):
        assert f'name="indicators-__prefix__-{name}"' in template
    label = in_default_language("%(column)s, row %(row)s") % {
        "column": in_default_language("Value"),
        "row": "__number__",
    }
    assert label in template
    assert 'data-formset="indicators"' in page
    assert in_default_language("Add a row") in page
    # Without JavaScript: three blank rows to fill, and the note that saving gives more.
    rows = page.split("<template")[0]
    assert 'name="indicators-2-value"' in rows and 'name="indicators-3-value"' not in rows
    assert "data-formset-nojs" in page


def test_many_rows_added_in_the_browser_are_all_saved(signed_in, new_form):
    types = list(IndicatorType.objects.filter(is_active=True)[:6])
    assert len(types) == 6, "migration 0003 gives several indicator types"
    # Twelve rows where the page showed three: each type in two years.
    pairs = [(kind, year) for kind in types for year in (2022, 2023)]
    expected = [(kind.pk, year, Decimal(n)) for n, (kind, year) in enumerate(pairs)]
    rows = [{"indicator_type": kind, "value": str(value), "year": str(year)} for kind, year, value in expected]
    response = signed_in.post("/models/new/", new_form(indicators=rows))
    assert response.status_code == 302
    saved = MovementModel.objects.get().indicators.values_list("indicator_type", "year", "value")
    assert sorted(saved) == sorted(expected)


def test_a_row_removed_before_it_was_saved_is_left_out_even_half_filled(signed_in, new_form):
    workdays = IndicatorType.objects.get(name="Ngày công lao động")
    land = IndicatorType.objects.get(name="Diện tích đất hiến")
    rows = [
        {"indicator_type": workdays, "value": "1200", "year": "2023"},
        # Typed into, then removed with "Remove this row": the script ticks its DELETE box and hides it.
        {"indicator_type": land, "value": "-5", "year": "", "DELETE": "on"},
        {"indicator_type": land, "value": "3500", "year": "2023"},
    ]
    response = signed_in.post("/models/new/", new_form(indicators=rows))
    assert response.status_code == 302
    saved = MovementModel.objects.get().indicators.values_list("indicator_type__name", "value")
    assert sorted(saved) == [(land.name, Decimal("3500")), (workdays.name, Decimal("1200"))]


def test_a_saved_row_ticked_remove_is_removed_and_a_new_row_added_at_once(signed_in, agency):
    model = MovementModelFactory(owner_agency=agency)
    workdays = IndicatorType.objects.get(name="Ngày công lao động")
    land = IndicatorType.objects.get(name="Diện tích đất hiến")
    ModelIndicatorFactory(model=model, indicator_type=workdays, value=100, year=2022)
    data = edit_model_data(
        model,
        indicators=[
            {"indicator_type": workdays.pk, "value": "100", "year": "2022", "DELETE": "on"},
            {"indicator_type": land.pk, "value": "80", "year": "2023"},
        ],
    )
    response = signed_in.post(f"/models/{model.pk}/edit/", data)
    assert response.status_code == 302
    assert list(model.indicators.values_list("indicator_type__name", "value", "year")) == [
        (land.name, Decimal("80"), 2023)
    ]


def test_the_model_form_marks_its_big_drop_downs_searchable(signed_in):
    page = signed_in.get("/models/new/").content.decode()
    for name in ("cooperating_agencies", "owner_agency", "registered_unit"):
        tag = re.search(rf'<select name="{name}"[^>]*>', page).group(0)
        assert "data-searchable" in tag, name
    assert 'data-searchable="multiple"' in re.search(r'<select name="cooperating_agencies"[^>]*>', page).group(0)
    # The label still names the native select (and so the search box the script puts in its place).
    assert 'for="id_cooperating_agencies"' in page
