"""The year-bound definitions the dashboard counts with: in the list at the end of a year, new in a year,
removed in a year; and the list filters its figures link to, which must find the same models."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from models_registry.choices import ModelStatus
from models_registry.models import MovementModel
from tests.factories import MovementModelFactory

from . import steps
from .helpers import listed


@pytest.fixture
def removed_in_2023(alice, reviewer):
    """Recognised in 2021, removed by a decision of March 2023."""
    model = steps.model_at(ModelStatus.FLAGGED, official=alice, reviewer=reviewer)
    MovementModel.objects.filter(pk=model.pk).update(recognition_year=2021)
    steps.remove(model, reviewer, date=datetime.date(2023, 3, 15))
    model.refresh_from_db()
    return model


def test_a_removal_records_the_year_of_its_decision(removed_in_2023):
    assert (removed_in_2023.status, removed_in_2023.removal_year) == (ModelStatus.REMOVED, 2023)
    assert list(MovementModel.objects.removed_in(2023)) == [removed_in_2023]
    assert not MovementModel.objects.removed_in(2024).exists()


def test_a_restored_model_is_no_longer_counted_as_removed(removed_in_2023, reviewer):
    steps.restore(removed_in_2023, reviewer)
    removed_in_2023.refresh_from_db()
    assert removed_in_2023.removal_year is None
    assert not MovementModel.objects.removed_in(2023).exists()
    assert removed_in_2023 in MovementModel.objects.in_list_at_end_of(2023)


def test_in_the_list_at_the_end_of_a_year(removed_in_2023):
    older = MovementModelFactory(recognised=True, recognition_year=2022)
    newer = MovementModelFactory(recognised=True, recognition_year=2024)
    MovementModelFactory(status=ModelStatus.SUBMITTED)

    assert set(MovementModel.objects.in_list_at_end_of(2022)) == {older, removed_in_2023}  # removed later
    assert set(MovementModel.objects.in_list_at_end_of(2023)) == {older}
    assert set(MovementModel.objects.in_list_at_end_of(2024)) == {older, newer}


def test_the_list_filters_find_what_the_definitions_count(client, alice, removed_in_2023):
    MovementModelFactory(recognised=True, recognition_year=2022)
    MovementModelFactory(recognised=True, recognition_year=2024)
    client.force_login(alice)
    for params, expected in [
        ({"in_list_at": 2022}, MovementModel.objects.in_list_at_end_of(2022)),
        ({"in_list_at": 2023}, MovementModel.objects.in_list_at_end_of(2023)),
        ({"removed_in": 2023}, MovementModel.objects.removed_in(2023)),
        ({"recognition_year": 2024, "status": "all"}, MovementModel.objects.recognised_in(2024)),
    ]:
        response = client.get("/models/", params)
        assert response.status_code == 200
        assert sorted(listed(response)) == sorted(expected.values_list("pk", flat=True)), params
        assert listed(response), params  # every case finds something, so the comparison means something


def test_a_removed_model_without_its_year_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        MovementModelFactory(recognised=True, status=ModelStatus.REMOVED, removal_year=None)
