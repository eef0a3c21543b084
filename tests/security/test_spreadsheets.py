"""A cell that a spreadsheet would read as a formula stays text, in every workbook and CSV file we write."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.spreadsheets import CsvWriter, append_row
from tests.compilations.factories import ListedModelFactory

from .conftest import store_raw

FORMULAS = ['=HYPERLINK("http://evil.example","bấm")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1"]


def test_a_workbook_cell_that_looks_like_a_formula_is_text():
    book = Workbook()
    append_row(book.active, [*FORMULAS, "Bình thường", 42, None])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(min_row=1, max_row=1))[0]
    for cell, typed in zip(cells, FORMULAS, strict=False):
        assert cell.data_type == "s" and cell.quotePrefix, typed
        assert cell.value == typed.replace("\r", "\n") or cell.value == typed  # shown as typed
    assert (cells[len(FORMULAS)].value, cells[len(FORMULAS)].quotePrefix) == ("Bình thường", False)
    assert (cells[len(FORMULAS) + 1].value, cells[len(FORMULAS) + 1].data_type) == (42, "n")


def test_a_csv_field_that_looks_like_a_formula_gets_an_apostrophe():
    buffer = io.StringIO()
    CsvWriter(buffer).writerow([*FORMULAS, "Bình thường", 42, None, "a\x0bb"])
    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert row[: len(FORMULAS)] == [f"'{value}" for value in FORMULAS]
    assert row[len(FORMULAS) :] == ["Bình thường", "42", "", "a\nb"]


@pytest.mark.django_db
def test_the_dashboard_workbook_never_holds_a_live_formula(client, leader):
    model = ListedModelFactory()
    store_raw(model.field, name='=HYPERLINK("http://evil.example","Kinh tế")')
    store_raw(model.owner_agency, short_name="@cmd|' /C calc'!A0", name="+ Ban Dân vận")
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert '=HYPERLINK("http://evil.example","Kinh tế")' in texts
