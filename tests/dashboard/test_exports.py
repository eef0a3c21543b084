"""The Excel and Word exports hold the dashboard's figures, with the filters and the scope applied."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from tests.documents import assert_a4_decree_layout

pytestmark = pytest.mark.django_db


def workbook(client, query=None):
    response = client.get(reverse("dashboard:export_xlsx"), query or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def rows_of(sheet):
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_has_a_sheet_per_table_with_the_figures(client, leader, province, directives):
    client.force_login(leader)
    book = workbook(client, {"year": 2023})
    assert len(book.sheetnames) == 6
    headline = rows_of(book.worksheets[0])
    assert ("Models in the list at the end of 2023", 5) in headline
    assert ("Newly recognised in 2023", 2) in headline
    assert ("Removed from the list in 2023", 1) in headline
    assert ("Directives: Overdue", 1) in headline
    assert ("Kinh tế", 3) in rows_of(book.worksheets[1])  # m1, m3 and m6 (removed only in 2024)
    assert ("2023", 2, 1, 5) in rows_of(book.worksheets[4])
    assert ("BDV Kim Sơn", 4, 1, 1) in rows_of(book.worksheets[5])
    # A native bar chart next to each breakdown.
    assert all(len(sheet._charts) == 1 for sheet in book.worksheets[1:5])


def test_the_workbook_of_an_official_holds_only_their_agency(client, alice, province):
    client.force_login(alice)
    book = workbook(client)
    assert ("Models in the list today", 2) in rows_of(book.worksheets[0])
    agencies = [row[0] for row in rows_of(book.worksheets[2])[3:]]
    assert "BDV Yên Mô" not in agencies


def test_the_word_report_has_the_figures_tables_and_charts(client, leader, province, directives):
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_docx"), {"year": 2023})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert_a4_decree_layout(document)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "The whole province" in text
    assert "Models over the years" in text
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Models in the list at the end of 2023", "5"] in cells
    assert ["2023", "2", "1", "5"] in cells
    assert ["Xã Mới", "3"] in cells  # m1 (registered in Xã Cũ), m2 and m6
    # The four charts as pictures.
    assert len(document.inline_shapes) == 4


def test_the_exports_speak_vietnamese_by_default(client, leader, province, directives, settings):
    """What an official files or pastes into the yearly report is in Vietnamese, unless they chose English."""
    settings.LANGUAGE_CODE = "vi"  # the project's default, which this folder's autouse fixture sets aside
    client.force_login(leader)
    with translation.override("vi"):
        report = Document(io.BytesIO(client.get(reverse("dashboard:export_docx"), {"year": 2023}).content))
        book = workbook(client, {"year": 2023})
    text = "\n".join(paragraph.text for paragraph in report.paragraphs)
    assert "Toàn tỉnh · năm 2023" in text
    assert ("Mô hình trong danh sách cuối năm 2023", 5) in rows_of(book.worksheets[0])
