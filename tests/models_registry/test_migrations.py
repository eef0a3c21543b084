"""Migration 0009: what an official typed into a draft's recognition fields (or its "typical" box) before those
became the workflow's is cleared, and the model's history keeps what was typed and says why."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("models_registry", "0008_one_attachment_model")]
AFTER = [("models_registry", "0009_workflow_fields_set_only_by_the_workflow")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_recognition_typed_into_a_draft_is_cleared_and_kept_in_its_history():
    old = _migrate(BEFORE)
    try:
        Agency = old.get_model("models_registry", "Agency")
        Unit = old.get_model("models_registry", "AdministrativeUnit")
        Field = old.get_model("models_registry", "Field")
        Model = old.get_model("models_registry", "MovementModel")
        # Its own reference rows: an earlier transactional test's flush may have emptied the migrations' ones.
        agency = Agency.objects.create(name="Ban Dân vận thử", kind="party")
        unit = Unit.objects.create(code="T90001", name="Xã Thử", level="commune")
        field = Field.objects.create(name="Lĩnh vực thử di chuyển")
        typed = Model.objects.create(
            code="DVK-2024-09001", name="Bản nháp", owner_agency=agency, registered_unit=unit,
            field=field, level="commune", year_started=2021, status="submitted",
            recognition_year=2023, recognition_decision="15/QĐ-BCĐ", is_typical=True,
        )
        recognised = Model.objects.create(
            code="DVK-2024-09002", name="Đã công nhận", owner_agency=agency, registered_unit=unit,
            field=field, level="commune", year_started=2021, status="recognised",
            recognition_year=2022, recognition_decision="9/QĐ-BCĐ",
        )

        new = _migrate(AFTER)

        Model = new.get_model("models_registry", "MovementModel")
        History = new.get_model("models_registry", "HistoricalMovementModel")
        cleared = Model.objects.get(pk=typed.pk)
        assert (cleared.recognition_year, cleared.recognition_decision, cleared.is_typical) == (None, "", False)
        entry = History.objects.get(id=typed.pk)
        assert entry.history_change_reason.startswith("migration:")
        assert (entry.recognition_year, entry.is_typical) == (None, False)
        kept = Model.objects.get(pk=recognised.pk)
        assert (kept.recognition_year, kept.recognition_decision) == (2022, "9/QĐ-BCĐ")
        assert not History.objects.filter(id=recognised.pk).exists()
    finally:
        _migrate(_migrate_to_latest())


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
