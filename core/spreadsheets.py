"""Spreadsheets every list writes: one writer for XLSX and CSV, and the escaping of text that a spreadsheet
program would otherwise run as a formula.

A list's export is a title block (what the file holds, which filters, when), one header row and the rows, each a
list of plain values: dates stay dates and numbers numbers in the XLSX; the CSV is UTF-8 with a BOM, which
Vietnamese Excel opens without garbling the diacritics. The CSV streams; the XLSX is written row by row
(openpyxl's write-only mode) into a temporary file, so a long list is never held in memory.
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .text import text_or_empty

# Text starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")


def escape_formula(value):
    """Text a spreadsheet would run as a formula, prefixed with an apostrophe so it is shown as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: the local wall-clock time the pages show.
        return value.replace(tzinfo=None)
    if isinstance(value, int | float | datetime.date):
        return value
    # Cleaned of the control characters no spreadsheet can hold (core.text): an export writes whatever the
    # database holds.
    return escape_formula(text_or_empty(value))


def _csv_cell(value):
    value = _cell(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


class _Echo:
    def write(self, value):
        return value


def _csv_lines(title: Sequence[str], headers: Sequence[str], rows: Iterable[Sequence]):
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for line in title:
        yield writer.writerow([_cell(line)])
    if title:
        yield writer.writerow([])
    yield writer.writerow([_cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


def write_xlsx(handle, *, sheet_title: str, title: Sequence[str], headers: Sequence[str], rows: Iterable[Sequence],
               widths: Sequence[int] = ()) -> int:
    """Write the workbook into the binary `handle`, row by row. Returns the number of rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(text_or_empty(sheet_title)[:31])
    for index, width in enumerate(widths or [max(12, min(60, len(h) + 4)) for h in headers], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, line in enumerate(title):
        cell = WriteOnlyCell(sheet, _cell(line))  # the filters a person typed may hold control characters
        if number == 0:
            cell.font = Font(bold=True, size=13)
        sheet.append([cell])
    if title:
        sheet.append([])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, _cell(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, _cell(value))
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(handle)
    return count


def spreadsheet_response(file_format: str, *, filename: str, title: Sequence[str], headers: Sequence[str],
                         rows: Iterable[Sequence], widths: Sequence[int] = ()):
    """The download of a list: `filename` without its extension; `file_format` one of FORMATS."""
    if file_format == "csv":
        response = StreamingHttpResponse(_csv_lines(title, headers, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if file_format != "xlsx":
        raise ValueError(f"unknown spreadsheet format {file_format!r}")
    handle = tempfile.TemporaryFile()
    write_xlsx(handle, sheet_title=filename, title=title, headers=headers, rows=rows, widths=widths)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)


def spreadsheet_file(file_format: str, *, filename: str, title: Sequence[str], headers: Sequence[str],
                     rows: Iterable[Sequence]):
    """The same file as spreadsheet_response(), written row by row into a temporary file (kept in memory while
    small), returned at its start with its content type: what a background job stores, however many rows."""
    if file_format not in ("csv", "xlsx"):
        raise ValueError(f"unknown spreadsheet format {file_format!r}")
    handle = tempfile.SpooledTemporaryFile(max_size=512 * 1024)  # noqa: SIM115 - the caller closes it
    if file_format == "csv":
        for line in _csv_lines(title, headers, rows):
            handle.write(line.encode("utf-8"))
        content_type = "text/csv; charset=utf-8"
    else:
        write_xlsx(handle, sheet_title=filename, title=title, headers=headers, rows=rows)
        content_type = XLSX_CONTENT_TYPE
    handle.seek(0)
    return handle, content_type


# The dashboard's workbook (openpyxl's ordinary mode, with charts) and any csv.writer: the same rules, cell by cell.
# In a workbook a formula-like cell is a text cell with Excel's quote prefix (it stays text when edited); in a CSV,
# which has no types, it gets a leading apostrophe.


def reads_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def _value(value):
    """Numbers (and None) as they are, anything else as cleaned text."""
    if value is None or isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return text_or_empty(value)


def append_row(sheet, values) -> None:
    """Append a row to an openpyxl worksheet: numbers as numbers, text cleaned and never a formula."""
    sheet.append([_value(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and reads_as_formula(cell.value):
            cell.data_type = "s"  # openpyxl made "=..." a formula
            cell.quotePrefix = True


def csv_cell(value) -> str:
    """A CSV field: cleaned text, an apostrophe before anything a spreadsheet would read as a formula."""
    value = _value(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if reads_as_formula(value) else value
    return str(value)


class CsvWriter:
    """csv.writer whose every field goes through csv_cell()."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, values):
        return self._writer.writerow([csv_cell(value) for value in values])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
