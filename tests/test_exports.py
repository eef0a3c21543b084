"""Every list as a spreadsheet: the rows the page shows with the same filters, search and ordering, under
Vietnamese headers; and an exported models file imports back unchanged."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from models_registry.models import ModelImport
from tests.factories import (
    DirectiveFactory,
    MeetingFactory,
    MovementModelFactory,
    ReferenceDocumentFactory,
)

pytestmark = pytest.mark.django_db


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response) -> list[list]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def body(rows: list[list], header: str) -> tuple[list, list[list]]:
    """The header row (found by its first cell) and the rows under it."""
    index = next(i for i, row in enumerate(rows) if row and row[0] == header)
    return rows[index], rows[index + 1:]


def test_models_export_is_the_filtered_list(client, alice, agency, other_agency):
    for number in range(3):
        MovementModelFactory(recognised=True, owner_agency=agency, name=f"Mô hình Kim Sơn số {number}")
    MovementModelFactory(recognised=True, owner_agency=other_agency, name="Bảo vệ môi trường")
    MovementModelFactory(owner_agency=other_agency, name="Bản nháp của Yên Mô hiến đất")  # not visible to alice
    client.force_login(alice)
    query = "?q=kim+son+so&o=-name"
    page = client.get("/models/" + query)
    shown = [model.code for model in page.context["models"]]
    assert len(shown) == 3

    workbook = xlsx_rows(client.get("/models/export.xlsx" + query))
    header, rows = body(workbook, "Mã mô hình")
    assert [row[0] for row in rows] == shown
    assert "kim son so" in " ".join(str(cell) for row in workbook[:3] for cell in row if cell)
    header_csv, rows_csv = body(csv_rows(client.get("/models/export.csv" + query)), "Mã mô hình")
    assert header_csv == header and [row[0] for row in rows_csv] == shown
    assert rows[0][7] == 2021  # numbers stay numbers


def test_exported_models_import_back_unchanged(client, alice, agency):
    MovementModelFactory(recognised=True, owner_agency=agency, name="=SUM(A1) dân vận khéo")
    MovementModelFactory(recognised=True, owner_agency=agency, name="Dân vận khéo xây dựng nông thôn mới")
    client.force_login(alice)
    exported = b"".join(client.get("/models/export.xlsx").streaming_content)
    client.post("/models/import/", {"file": SimpleUploadedFile("mo-hinh.xlsx", exported)})
    model_import = ModelImport.objects.get()
    assert (model_import.unchanged_count, model_import.created_count, model_import.error_count) == (2, 0, 0), (
        model_import.report["rows"][0]["errors"]
    )


def test_formulas_are_escaped_in_exports(client, alice, agency):
    MovementModelFactory(recognised=True, owner_agency=agency, name="=HYPERLINK(\"http://x\")")
    client.force_login(alice)
    _header, rows = body(csv_rows(client.get("/models/export.csv")), "Mã mô hình")
    assert rows[0][1] == "'=HYPERLINK(\"http://x\")"


def test_review_queue_export(client, reviewer, other_agency):
    submitted = MovementModelFactory(submitted=True, owner_agency=other_agency)
    MovementModelFactory(recognised=True, owner_agency=other_agency)
    client.force_login(reviewer)
    _header, rows = body(xlsx_rows(client.get("/reviews/export.xlsx?queue=submitted")), "Mã mô hình")
    assert [row[0] for row in rows] == [submitted.code]
    _header, rows = body(csv_rows(client.get("/reviews/export.csv?queue=answered")), "Mã mô hình")
    assert rows == []


def test_meetings_directives_and_documents_exports(client, secretary):
    meeting = MeetingFactory(title="Giao ban quý I")
    DirectiveFactory(meeting=meeting, text="Rà soát mô hình")
    ReferenceDocumentFactory(title="Kế hoạch 26")
    client.force_login(secretary)
    for url, header, expected in [
        ("/meetings/export.xlsx", "Tiêu đề", "Giao ban quý I"),
        ("/directives/export.csv", "Cuộc họp", "Giao ban quý I"),
        ("/documents/export.xlsx", "Số hiệu", None),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        rows = xlsx_rows(response) if url.endswith("xlsx") else csv_rows(response)
        _h, data = body(rows, header)
        assert len(data) == 1, url
        if expected:
            assert expected in data[0], url
