"""The dashboard reads ModelCount, which the database keeps in the same transaction as every change to the models
(models_registry/count_triggers.py). Through every service, the bulk actions and bulk QuerySet paths, the counts
stay equal to a count of the models table, and the dashboard's figures move as the model moves."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Sum

from dashboard import figures
from meetings.models import Directive
from models_registry import services
from models_registry.choices import ModelStatus
from models_registry.count_triggers import KEY
from models_registry.models import AdministrativeUnit, Field, ModelCount, MovementModel
from tests.factories import IndicatorTypeFactory, MovementModelFactory
from tests.models_registry import steps

TODAY = datetime.date(2026, 6, 1)
COLUMNS = [column.removesuffix("_id") for column in KEY]


def counted_from_scratch() -> dict:
    rows = MovementModel.objects.order_by().values_list(*COLUMNS).annotate(n=Count("*"))
    return {tuple(row[:-1]): row[-1] for row in rows}


def kept_counts() -> dict:
    rows = ModelCount.objects.filter(n__gt=0).order_by().values_list(*COLUMNS).annotate(total=Sum("n"))
    return {tuple(row[:-1]): row[-1] for row in rows}


def headline() -> dict:
    scope = figures.Scope(agency=None, unit=None, year=None, sees_draft_meetings=True, today=TODAY)
    data = figures.compute(scope, Directive.objects.all())
    return {figure["key"]: figure["value"] for figure in data["headline"]}


def model_data(official, **changes):
    return {
        "name": "Dân vận khéo trong xây dựng nông thôn mới",
        "kind": "model",
        "owner_agency": official.agency,
        "registered_unit": AdministrativeUnit.objects.current().filter(level="commune").first(),
        "field": Field.objects.first(),
        "level": "commune",
        "year_started": 2021,
        "description": "Vận động nhân dân hiến đất làm đường.",
        "approach": "Họp dân, công khai, minh bạch.",
        "results": "Làm mới 2 km đường.",
        **changes,
    }


@pytest.fixture
def figures_move(db):
    """Run a step, then check the kept counts against a fresh count and the headline's change."""

    def check(step, **expected_change):
        before = headline()
        result = step()
        assert kept_counts() == counted_from_scratch()
        after = headline()
        change = {key: after[key] - before[key] for key in after if after[key] != before[key]}
        assert change == expected_change
        return result

    return check


def test_every_service_moves_the_figures(figures_move, alice, reviewer):
    indicators = [services.IndicatorData(indicator_type=IndicatorTypeFactory(), value=Decimal(1200), year=2025)]
    model = figures_move(  # a draft: in no figure
        lambda: services.model_create(user=alice, data=model_data(alice), indicators=indicators)
    )
    figures_move(lambda: services.model_update(model=model, user=alice, expected_version=1,
                                               data=model_data(alice, field=Field.objects.last())))
    figures_move(lambda: steps.submit(model, alice))
    figures_move(lambda: steps.return_for_revision(model, reviewer))
    figures_move(lambda: steps.submit(model, alice))
    figures_move(lambda: steps.recognise(model, reviewer), in_list=1, new=1)
    figures_move(
        lambda: services.model_mark_typical(model=model, user=reviewer, comment="", history_reason="Tuyển chọn"),
        typical=1,
    )
    figures_move(lambda: services.model_confirm(model=model, user=reviewer, comment="Vẫn hiệu quả"))
    figures_move(lambda: steps.flag(model, reviewer), flagged=1)
    figures_move(lambda: steps.answer(model, alice), flagged=-1, under_review=1)
    figures_move(lambda: steps.keep(model, reviewer), under_review=-1)
    figures_move(lambda: steps.flag(model, reviewer), flagged=1)
    figures_move(lambda: steps.answer(model, alice), flagged=-1, under_review=1)
    figures_move(lambda: steps.remove(model, reviewer), under_review=-1, in_list=-1, typical=-1, removed=1)
    figures_move(lambda: steps.restore(model, reviewer), in_list=1, typical=1, removed=-1)
    recorded = figures_move(
        lambda: services.model_record_recognised(
            user=reviewer, data=model_data(alice, year_started=2018), decision_number="12/QĐ-BCĐ",
            decision_date=datetime.date(2026, 3, 2), recognising_body=steps.RECOGNISING_BODY,
        ),
        in_list=1, new=1,
    )
    assert recorded.status == ModelStatus.RECOGNISED


def test_the_bulk_actions_move_the_figures(figures_move, alice, reviewer):
    models = [steps.model_at(ModelStatus.RECOGNISED, official=alice, reviewer=reviewer) for _ in range(3)]
    figures_move(
        lambda: services.models_bulk_flag(
            models=models, user=reviewer, reason="inactive", explanation="Không hoạt động", deadline=steps.in_days(30)
        ),
        flagged=3,
    )
    figures_move(lambda: services.models_bulk_keep(models=models, user=reviewer, comment="Giữ lại"), flagged=-3)


def test_bulk_queryset_paths_and_raw_writes_keep_the_counts(figures_move, alice, reviewer):
    figures_move(lambda: MovementModel.objects.bulk_create(
        [
            MovementModelFactory.build(
                recognised=True, owner_agency=alice.agency, field=Field.objects.first(),
                registered_unit=AdministrativeUnit.objects.first(),
            )
            for _ in range(4)
        ]
    ), in_list=4)
    figures_move(lambda: MovementModel.objects.filter(status=ModelStatus.RECOGNISED).update(is_typical=True), typical=4)
    figures_move(lambda: MovementModel.objects.filter(is_typical=True)[:1].get().delete(), in_list=-1, typical=-1)
    figures_move(lambda: MovementModel.objects.update(name="Đổi tên"))  # a column the figures ignore: nothing moves


# A savepoint rolled back inside the test's transaction undoes the triggers' writes as a real rollback does.
def test_a_rolled_back_change_leaves_the_counts_as_they_were(alice, reviewer):
    MovementModelFactory(recognised=True, owner_agency=alice.agency)
    before = kept_counts()
    with pytest.raises(RuntimeError), transaction.atomic():
        MovementModel.objects.update(status=ModelStatus.REMOVED, removal_year=2026)
        assert kept_counts() != before  # within the transaction, the counts moved with the rows
        raise RuntimeError
    assert kept_counts() == before == counted_from_scratch()
