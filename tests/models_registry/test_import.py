"""Importing models from a spreadsheet: what the preview finds in messy files, and what confirming saves."""

import datetime
import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry.choices import ModelStatus, Transition
from models_registry.models import ModelEvent, ModelImport, MovementModel
from tests.factories import (
    AdministrativeUnitFactory,
    FieldFactory,
    MovementModelFactory,
    UnitSuccessionFactory,
)

from .helpers import in_default_language
from .spreadsheets import csv_bytes, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(agency):
    today = AdministrativeUnitFactory(name="Xã Kim Sơn Mới", code="T90001")
    former = AdministrativeUnitFactory(
        name="Xã Đồng Thử Cũ", code="T90002", valid_to=datetime.date(2025, 6, 30)
    )
    UnitSuccessionFactory(predecessor=former, successor=today, effective_date=datetime.date(2025, 7, 1))
    field = FieldFactory(name="Kinh tế")
    return {"today": today, "former": former, "field": field, "agency": agency}


def row(reference, **values) -> dict:
    return {
        "name": "Dân vận khéo trong hiến đất làm đường",
        "kind": "Mô hình (cách làm)",
        "owner_agency": reference["agency"].name,
        "registered_unit": reference["today"].name,
        "field": "Kinh tế",
        "level": "Cấp xã",
        "year_started": 2021,
        "description": "Vận động hiến đất.",
        **values,
    }


def upload(client, data: bytes, name="danh-sach.xlsx"):
    return client.post("/models/import/", {"file": SimpleUploadedFile(name, data)})


def latest_import() -> ModelImport:
    return ModelImport.objects.latest("pk")


def rows_of(model_import, action):
    return [row for row in model_import.report["rows"] if row["action"] == action]


def test_messy_workbook_previews_then_confirms_as_drafts(client, alice, reference):
    """A title block with merged cells, decomposed (Mac) text, padding, a former commune's name: previewed, and
    nothing saved until confirmed."""
    decomposed = unicodedata.normalize("NFD", "  Dân vận khéo giữ gìn vệ sinh môi trường  ")
    data = xlsx([
        row(reference),
        row(reference, name=decomposed, registered_unit="  xa dong thu cu ", owner_agency="",
            field="kinh te", level="cap xa", year_started="2020"),
        row(reference, name="Dân vận khéo nơi đồng bào", owner_agency="BDV KIM SON", year_started=2019.0),
    ], merges=["D5:D6"])  # the first row's agency, merged down over the second row
    client.force_login(alice)
    response = upload(client, data)
    model_import = latest_import()
    assert response.status_code == 302 and response["Location"] == f"/models/imports/{model_import.pk}/"
    assert model_import.report["header_row"] == 4
    assert (model_import.created_count, model_import.error_count) == (3, 0), model_import.report["rows"]
    assert not MovementModel.objects.exists()

    page = client.get(response["Location"]).content.decode()
    assert "Dân vận khéo giữ gìn vệ sinh môi trường" in page
    assert "Xã Kim Sơn Mới" in page  # the former commune is today part of it

    response = client.post(f"/models/imports/{model_import.pk}/confirm/")
    assert response.status_code == 302
    models = {m.name: m for m in MovementModel.objects.all()}
    second = models["Dân vận khéo giữ gìn vệ sinh môi trường"]
    assert second.registered_unit == reference["former"]  # registered as it was
    assert second.status == ModelStatus.DRAFT and second.created_by == alice
    assert second.history.earliest().history_change_reason == f"import:{model_import.pk}"
    model_import.refresh_from_db()
    assert model_import.status == ModelImport.Status.CONFIRMED
    page = client.get(second.get_history_url()).content.decode()
    assert f"#{model_import.pk}" in page  # its history says which import it came from


def test_same_file_twice_creates_nothing_new(client, alice, reference):
    data = xlsx([row(reference)])
    client.force_login(alice)
    upload(client, data)
    client.post(f"/models/imports/{latest_import().pk}/confirm/")
    upload(client, data)
    second = latest_import()
    assert (second.created_count, second.unchanged_count) == (0, 1)
    page = client.get(f"/models/imports/{second.pk}/").content.decode()
    assert 'id="earlier-import"' in page
    response = client.post(f"/models/imports/{second.pk}/confirm/")
    assert response.status_code == 302
    assert MovementModel.objects.count() == 1


def test_bad_rows_are_named_and_nothing_is_saved(client, alice, reference, other_agency):
    data = xlsx(
        [
            row(reference),
            row(reference, name="", year_started=1800),
            row(reference, owner_agency=other_agency.name),
            row(reference, name="Mô hình ba", field="Không có"),
            row(reference, name="Mô hình bốn", registered_unit="Xã Không Tồn Tại"),
            row(reference, name="Mô hình năm", year_started="2021-01-01"),
            row(reference, name="Mô hình sáu", code="DVK-2020-99999"),
        ],
        formulas=[("H11", "=2000+21")],
    )
    client.force_login(alice)
    upload(client, data)
    model_import = latest_import()
    errors = {r["row"]: r["errors"] for r in rows_of(model_import, "error")}
    # The header is row 4, so the rows are 5 to 11 as Excel shows them.
    assert sorted(errors) == [6, 7, 8, 9, 10, 11]
    assert {header for header, _message in errors[6]} == {
        in_default_language("Name of the model"),
        in_default_language("Year started"),
    }
    response = client.post(f"/models/imports/{model_import.pk}/confirm/")
    assert response.status_code == 302
    assert not MovementModel.objects.exists()
    page = client.get(f"/models/imports/{model_import.pk}/").content.decode()
    assert "Xã Không Tồn Tại" in page


def test_control_characters_and_impossible_dates_in_csv(client, reviewer, reference):
    data = csv_bytes([
        row(reference, description="Có ký tự \x07 lạ", recognition_decision="1/QĐ", recognition_date="31/02/2024",
            recognising_body="BCĐ"),
    ])
    client.force_login(reviewer)
    upload(client, data, name="ds.csv")
    [bad] = rows_of(latest_import(), "error")
    assert bad["row"] == 2
    assert len(bad["errors"]) == 2
    assert not MovementModel.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1258"])
def test_csv_in_every_encoding_vietnamese_excel_writes(client, alice, reference, encoding):
    data = csv_bytes([row(reference, recognition_date="")], encoding=encoding)
    client.force_login(alice)
    upload(client, data, name="danh-sach.csv")
    model_import = latest_import()
    assert model_import.created_count == 1, model_import.report
    assert rows_of(model_import, "create")[0]["name"] == "Dân vận khéo trong hiến đất làm đường"


def test_reviewer_records_earlier_recognitions(client, reviewer, reference):
    data = xlsx([row(reference, recognition_decision="15/QĐ-BCĐ", recognition_date=45292,
                     recognising_body="Ban Chỉ đạo tỉnh")])
    client.force_login(reviewer)
    upload(client, data)
    model_import = latest_import()
    assert model_import.created_count == 1, model_import.report
    client.post(f"/models/imports/{model_import.pk}/confirm/")
    model = MovementModel.objects.get()
    assert model.status == ModelStatus.RECOGNISED
    assert model.recognition_date == datetime.date(2024, 1, 1) and model.recognition_year == 2024
    event = ModelEvent.objects.get(model=model)
    assert event.transition == Transition.RECORD and f"#{model_import.pk}" in event.comment


def test_update_by_code_and_probable_duplicate_warning(client, alice, reference):
    mine = MovementModelFactory(owner_agency=reference["agency"], registered_unit=reference["today"],
                                field=reference["field"], name="Mô hình cũ", year_started=2021)
    MovementModelFactory(recognised=True, registered_unit=reference["today"], field=reference["field"],
                         name="Dân vận khéo trong hiến đất làm đuờng")
    data = xlsx([row(reference, code=mine.code, name="Mô hình cũ", description="Mô tả mới"), row(reference)])
    client.force_login(alice)
    upload(client, data)
    model_import = latest_import()
    assert (model_import.updated_count, model_import.created_count, model_import.warning_count) == (1, 1, 1)
    client.post(f"/models/imports/{model_import.pk}/confirm/")
    mine.refresh_from_db()
    assert mine.description == "Mô tả mới" and mine.version == 2


def test_template_lists_what_the_official_may_use(client, alice, reference, sub_agency, other_agency):
    from openpyxl import load_workbook

    client.force_login(alice)
    response = client.get("/models/import/template.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    models, lists, guide = workbook.worksheets
    assert models.freeze_panes == "A2"
    assert [cell.value for cell in models[1]][:2] == ["Mã mô hình", in_default_language("Name of the model") + " *"]
    validated = {str(v.sqref).split(":")[0][0]: v.formula1 for v in models.data_validations.dataValidation}
    assert set(validated) == {"C", "D", "E", "F", "G"}  # kind, agency, unit, field, level
    columns = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, lists.max_row + 1)]
               for c in range(1, lists.max_column + 1)}
    agencies = [name for name in next(v for k, v in columns.items() if "quan" in k.lower() or "genc" in k) if name]
    assert sorted(agencies) == sorted([reference["agency"].name, sub_agency.name])  # not other_agency
    units = " ".join(str(v) for values in columns.values() for v in values if v)
    assert "Xã Kim Sơn Mới [T90001]" in units and "Xã Đồng Thử Cũ" in units
    # The instructions' filled example row reads back as a valid row.
    example = [row for row in guide.iter_rows(values_only=True) if row[1] == in_default_language(
        "Skilful mass mobilisation in building new rural roads")]
    assert example and example[0][3] in agencies


def _zip(members: dict) -> bytes:
    import zipfile

    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return handle.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ds.xlsx", b"%PDF-1.4 not a workbook", "The file is not an Excel workbook (.xlsx)."),
        ("ds.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
         "The workbook is password-protected or in the old .xls format; remove the password or save it as .xlsx."),
        ("ds.xlsx", _zip({"xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": "\0" * 30_000_000}),
         "The workbook unpacks to far more data than a list of models holds; it is refused."),
        ("ds.xlsx", _zip({"xl/workbook.xml": "<workbook/>", "xl/vbaProject.bin": "macro"}),
         "The workbook contains macros; save it as a plain .xlsx workbook without macros."),
        ("ds.xlsx", _zip({"xl/workbook.xml": "<broken"}), "The workbook is damaged and cannot be read."),
        ("ds.csv", "Tiêu đề\nkhông có cột nào\n".encode(),
         "No header row was found. The first rows should include the columns: %(columns)s."),
    ],
    ids=["not-a-workbook", "encrypted", "zip-bomb", "macros", "corrupt", "no-header"],
)
def test_refused_files_say_why_and_save_nothing(client, alice, reference, name, data, message):
    client.force_login(alice)
    upload(client, data, name=name)
    model_import = latest_import()
    [error] = model_import.report["file_errors"]
    expected = in_default_language(message)
    assert error.startswith(expected.split("%(")[0])
    assert client.post(f"/models/imports/{model_import.pk}/confirm/").status_code == 302
    assert not MovementModel.objects.exists()


def test_upload_bounded_in_size_type_and_rows(client, alice, reference, settings):
    client.force_login(alice)
    response = upload(client, b"MZ\x90\x00", name="virus.exe")
    assert response.status_code == 200 and not ModelImport.objects.exists()
    assert in_default_language("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported.") in (
        response.content.decode()
    )
    settings.IMPORT_MAX_SIZE = 1000
    response = upload(client, xlsx([row(reference)]))
    assert response.status_code == 200 and not ModelImport.objects.exists()
    settings.IMPORT_MAX_SIZE = 10 * 1024 * 1024
    settings.IMPORT_MAX_ROWS = 2
    upload(client, xlsx([row(reference, name=f"Mô hình {n}") for n in range(3)], title_block=False))
    assert latest_import().report["file_errors"]


def test_a_row_refused_at_confirmation_saves_none(client, alice, reference, monkeypatch):
    """All or nothing: the new drafts are saved together, then the changed row's service refuses, and none of the
    drafts is kept either; the refusal names the row."""
    from django.core.exceptions import ValidationError

    from models_registry import services

    mine = MovementModelFactory(owner_agency=reference["agency"], registered_unit=reference["today"],
                                field=reference["field"], name="Mô hình cũ", year_started=2021)
    calls = []

    def refuse(**kwargs):
        calls.append(kwargs)
        raise ValidationError("refused")

    monkeypatch.setattr(services, "model_update", refuse)
    client.force_login(alice)
    upload(client, xlsx([row(reference), row(reference, name="Mô hình thứ hai"),
                         row(reference, code=mine.code, name="Mô hình cũ", description="Mô tả mới")]))
    model_import = latest_import()
    assert (model_import.created_count, model_import.updated_count) == (2, 1), model_import.report
    response = client.post(f"/models/imports/{model_import.pk}/confirm/", follow=True)
    assert len(calls) == 1
    assert list(MovementModel.objects.all()) == [mine]
    model_import.refresh_from_db()
    assert model_import.status == ModelImport.Status.PREVIEWED
    third = model_import.report["rows"][2]["row"]
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [f"Không lưu được dòng {third} (refused); chưa lưu dòng nào."], shown


def test_a_draft_refused_in_the_bulk_save_is_named(client, alice, reference, monkeypatch):
    """The drafts' service refuses one of them: nothing is saved, and the message gives that row's number."""
    from django.core.exceptions import ValidationError

    from models_registry import services

    def refuse_second(**kwargs):
        services.registry.models_create_many(**kwargs)  # saved, then refused: the transaction must undo it
        error = ValidationError("refused")
        error.index = 1
        raise error

    monkeypatch.setattr(services, "models_create_many", refuse_second)
    client.force_login(alice)
    upload(client, xlsx([row(reference), row(reference, name="Mô hình thứ hai")]))
    model_import = latest_import()
    response = client.post(f"/models/imports/{model_import.pk}/confirm/", follow=True)
    assert not MovementModel.objects.exists()
    second = model_import.report["rows"][1]["row"]
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [f"Không lưu được dòng {second} (refused); chưa lưu dòng nào."], shown


def test_duplicate_codes_in_file_and_reviewer_on_own_agency(client, alice, reference, reviewer_of_owning_agency):
    mine = MovementModelFactory(owner_agency=reference["agency"], registered_unit=reference["today"],
                                field=reference["field"])
    client.force_login(alice)
    upload(client, xlsx([row(reference, code=mine.code), row(reference, code=mine.code, name="Khác")]))
    errors = rows_of(latest_import(), "error")
    assert [r["row"] for r in errors] == [6]
    client.force_login(reviewer_of_owning_agency)
    upload(client, xlsx([row(reference, name="Mô hình đã công nhận", recognition_decision="1/QĐ",
                            recognition_date="01/02/2024", recognising_body="BCĐ")]))
    assert latest_import().error_count == 1
