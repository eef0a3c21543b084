"""An import costs a number of queries that does not grow with its rows (issue 12: 10,000 rows checked and saved in
under 30 s), and the drafts saved together (services.models_create_many) are what model_create() saves one by one."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from dashboard.versioning import current as registry_version
from models_registry import services
from models_registry.imports.saving import confirm_import
from models_registry.imports.validation import CREATE, UNCHANGED, UPDATE, validate_file
from models_registry.models import ModelImport, MovementModel
from tests.factories import AdministrativeUnitFactory, FieldFactory, MovementModelFactory, UnitSuccessionFactory

from .spreadsheets import xlsx

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30))
# The tracked columns that differ between two models made apart: their own row, code and save time.
OWN = {"id", "code", "search_text", "updated_at", "history_id", "history_date"}


@pytest.fixture
def place(agency, sub_agency):
    former = AdministrativeUnitFactory(name="Xã Đồng Thử Cũ", code="T90002", valid_to=datetime.date(2025, 6, 30))
    today = AdministrativeUnitFactory(name="Xã Kim Sơn Mới", code="T90001")
    UnitSuccessionFactory(predecessor=former, successor=today, effective_date=datetime.date(2025, 7, 1))
    return {"agency": agency, "sub_agency": sub_agency, "today": today, "former": former,
            "field": FieldFactory(name="Kinh tế"), "other_field": FieldFactory(name="Môi trường thử nghiệm")}


def content(place, n: int, **values) -> dict:
    return {"name": f"Dân vận khéo số {n}", "kind": "model", "owner_agency": place["agency"],
            "registered_unit": place["today"], "field": place["field"], "level": "commune",
            "year_started": 2019 + n % 3, "description": "Vận động hiến đất.", "approach": "", "results": "", **values}


def test_drafts_saved_together_are_those_saved_one_by_one(alice, place, django_capture_on_commit_callbacks):
    """Same rows, codes in the order given, history entries (who, when, why, what) and text cleaning; the dashboard
    figures are told once the transaction commits, as after a save."""
    rows = [content(place, n, name=f"Mô hình\x0b{n}\x01") for n in range(3)]
    rows[1]["owner_agency"] = place["sub_agency"]
    one_by_one = [services.model_create(user=alice, data=dict(data), at=AT, history_reason="import:1") for data in rows]
    version = registry_version()
    with django_capture_on_commit_callbacks(execute=True):
        together = services.models_create_many(user=alice, rows=[dict(data) for data in rows], at=AT,
                                               history_reason="import:2")
    assert registry_version() == version + 1
    assert [model.code for model in together] == [f"DVK-2026-{n:05d}" for n in (4, 5, 6)]
    assert [model.code for model in one_by_one] == [f"DVK-2026-{n:05d}" for n in (1, 2, 3)]

    def saved(model) -> dict:
        return {key: value for key, value in MovementModel.objects.filter(pk=model.pk).values().get().items()
                if key not in OWN}

    def history(model) -> list[dict]:
        return [{key: value for key, value in entry.items() if key not in OWN}
                for entry in MovementModel.history.filter(id=model.pk).values()]

    for first, second in zip(one_by_one, together, strict=True):
        assert saved(first) == saved(second)
        assert saved(second)["name"] == f"Mô hình\n{one_by_one.index(first)}"  # cleaned as on a save
        assert second.code in MovementModel.objects.get(pk=second.pk).search_text.upper()
        first_history, second_history = history(first), history(second)
        assert len(first_history) == len(second_history) == 1
        assert first_history[0].pop("history_change_reason") == "import:1"
        assert second_history[0].pop("history_change_reason") == "import:2"
        assert first_history == second_history
        assert first_history[0]["history_type"] == "+" and first_history[0]["history_user_id"] == alice.pk
        assert MovementModel.history.get(id=second.pk).history_date == AT
        assert not second.cooperating_agencies.exists() and not second.indicators.exists()


def test_drafts_saved_together_are_refused_as_one_by_one(alice, place, other_agency):
    """The refusal names the row (`index`) and says what model_create() says of it; nothing is saved."""
    bad_year = [content(place, 0), content(place, 1, year_started=1800)]
    with pytest.raises(ValidationError) as one:
        services.model_create(user=alice, data=bad_year[1], at=AT)
    with pytest.raises(ValidationError) as together:
        services.models_create_many(user=alice, rows=bad_year, at=AT)
    assert together.value.index == 1 and together.value.message_dict == one.value.message_dict

    elsewhere = [content(place, 0), content(place, 1), content(place, 2, owner_agency=other_agency)]
    with pytest.raises(PermissionDenied) as one:
        services.model_create(user=alice, data=elsewhere[2], at=AT)
    with pytest.raises(PermissionDenied) as together:
        services.models_create_many(user=alice, rows=elsewhere, at=AT)
    assert together.value.index == 2 and str(together.value) == str(one.value)

    # A database constraint, checked once per set of the values it reads: a draft never carries a recognition year.
    drafts = [MovementModel(**content(place, n), created_by=alice, created_at=AT, results_updated_at=AT)
              for n in range(3)]
    drafts[2].recognition_year = 2024
    with pytest.raises(ValidationError) as one:
        drafts[2].full_clean(exclude=["code"])
    with pytest.raises(ValidationError) as together:
        services.registry._clean_many(drafts, exclude=["code"])
    assert together.value.index == 2 and together.value.message_dict == one.value.message_dict
    assert not MovementModel.objects.exists()


def workbook(place, n: int, *, first: int = 0) -> bytes:
    """n rows of each kind an import meets: new drafts (one in a former unit, one probably repeating a model in the
    list), changes to models by code, and models already registered (unchanged)."""
    rows = []
    for i in range(first, first + n):
        rows.append({"name": f"Mô hình mới số {i}", "owner_agency": place["agency"].name,
                     "registered_unit": place["former"].name if i % 2 else place["today"].name,
                     "field": "Kinh tế", "level": "Cấp xã", "year_started": 2019 + i % 3})
        rows.append({"name": f"Dân vận khéo trong hiến đất số {i}", "owner_agency": place["agency"].name,
                     "registered_unit": place["today"].name, "field": "Môi trường thử nghiệm", "level": "Cấp xã",
                     "year_started": 2021})
        changed = MovementModelFactory(owner_agency=place["sub_agency"], registered_unit=place["today"],
                                       field=place["field"], name=f"Mô hình cũ số {i}")
        rows.append({"code": changed.code, "name": changed.name, "owner_agency": place["sub_agency"].name,
                     "registered_unit": place["today"].name, "field": "Kinh tế", "level": "Cấp xã",
                     "year_started": 2021, "description": "Mô tả mới"})
        kept = MovementModelFactory(owner_agency=place["agency"], registered_unit=place["today"],
                                    field=place["other_field"], name=f"Đã đăng ký số {i}", description="",
                                    approach="", results="")
        rows.append({"name": kept.name, "owner_agency": place["agency"].name, "registered_unit": place["today"].name,
                     "field": "Môi trường thử nghiệm", "level": "Cấp xã", "year_started": 2021})
        MovementModelFactory(recognised=True, registered_unit=place["today"], field=place["other_field"],
                             name=f"Dân vận khéo trong hiến đất sô {i}")
    return xlsx(rows)


def validation_queries(user, data: bytes):
    user = User.objects.get(pk=user.pk)  # as a new request has it: no permissions cached
    with CaptureQueriesContext(connection) as queries:
        preview = validate_file(io.BytesIO(data), "danh-sach.xlsx", user)
    return len(queries.captured_queries), preview


def test_validation_queries_do_not_grow_with_the_rows(alice, place):
    small, preview = validation_queries(alice, workbook(place, 3))
    assert [preview.count(action) for action in (CREATE, UPDATE, UNCHANGED)] == [6, 3, 3], preview.as_json()
    # Each of those rows is like the three models in the list (their names differ by one digit).
    assert [len(row.warnings) for row in preview.rows if row.warnings] == [3, 3, 3]
    assert all(row.data["name"].startswith("Dân vận khéo") for row in preview.rows if row.warnings)
    assert sum(1 for row in preview.rows for note in row.notes if "Xã Kim Sơn Mới" in note) == 1
    large, preview = validation_queries(alice, workbook(place, 6, first=3))
    assert [preview.count(action) for action in (CREATE, UPDATE, UNCHANGED)] == [12, 6, 6], preview.as_json()
    assert large == small


def test_confirmation_queries_do_not_grow_with_the_new_rows(alice, place):
    """Confirming new drafts (checked again, then saved together) costs as many queries for 2N rows as for N."""
    counts = []
    for n, first in ((4, 0), (8, 100)):
        rows = [{"name": f"Mô hình mới số {i}", "owner_agency": place["agency"].name,
                 "registered_unit": place["today"].name, "field": "Kinh tế", "level": "Cấp xã",
                 "year_started": 2019 + i % 3} for i in range(first, first + n)]
        model_import = ModelImport(user=alice, created_at=AT, original_name="danh-sach.xlsx")
        model_import.file.save("danh-sach.xlsx", ContentFile(xlsx(rows)))
        user = User.objects.get(pk=alice.pk)
        with CaptureQueriesContext(connection) as queries:
            confirm_import(model_import, user=user)
        counts.append(len(queries.captured_queries))
        assert model_import.status == ModelImport.Status.CONFIRMED
        assert MovementModel.history.filter(history_change_reason=f"import:{model_import.pk}").count() == n
    assert counts[0] == counts[1]



def test_drafts_saved_together_count_again_when_a_code_was_taken(alice, place, monkeypatch):
    """Another official took the codes counted (between the count and the insert): the unique code refuses the
    insert, nothing of it is kept, and the codes are counted again, as create_model() does for one model."""
    taken = services.model_create(user=alice, data=content(place, 9), at=AT)
    real = services.registry._next_codes
    counted = []

    def stale(year, count=1):
        counted.append(count)
        codes = real(year, count)
        return [taken.code, *codes[: count - 1]] if len(counted) == 1 else codes

    monkeypatch.setattr(services.registry, "_next_codes", stale)
    together = services.models_create_many(user=alice, rows=[content(place, n) for n in range(3)], at=AT)
    assert counted == [3, 3]
    assert [model.code for model in together] == [f"DVK-2026-{n:05d}" for n in (2, 3, 4)]
    assert MovementModel.objects.count() == MovementModel.history.count() == 4
