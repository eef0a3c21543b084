"""A stored .xlsx or .csv as rows of cleaned text, whatever Excel or a Mac did to it.

- the header row is found under a title block (the first of the first 30 rows that names the model's name
  column and at least two others); merged cells give their value to every cell they cover;
- CSV is read as UTF-8 (with or without BOM), else as Windows-1258, which Vietnamese Excel saves;
- text is normalised to NFC (files typed on a Mac arrive decomposed) and trimmed;
- what is not a plain value is refused for the whole file (not a spreadsheet, encrypted, macros, a zip bomb, too
  many rows) or marked for its row (a formula where a value is expected).
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from core.search import fold
from core.spreadsheets import FORMULA_STARTS

from .columns import BY_KEY, COLUMNS, header_aliases

HEADER_SEARCH_ROWS = 30
# A real workbook of 50,000 rows unpacks to tens of megabytes; a zip bomb to gigabytes.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
EXTENSIONS = (".xlsx", ".csv")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FileRefused(Exception):
    """The whole file is refused; the message says why, in the user's language."""


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula where a value is expected."""

    text: str


@dataclass
class Table:
    sheet: str
    header_row: int
    columns: dict[str, str]  # column key -> the header as the file writes it
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number as the spreadsheet shows it, key -> value)


def clean_text(value) -> str:
    """NFC, trimmed, runs of spaces kept single on each line."""
    text = unicodedata.normalize("NFC", str(value))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def check_name(name: str) -> None:
    if PurePath(name).suffix.lower() not in EXTENSIONS:
        raise FileRefused(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))


def read_table(handle, name: str) -> Table:
    """The table of the file `handle` (binary, seekable) named `name`."""
    check_name(name)
    if PurePath(name).suffix.lower() == ".csv":
        grids = [("CSV", _csv_grid(handle.read()))]
    else:
        grids = _xlsx_grids(handle)
    for sheet, grid in grids:
        table = _table(sheet, grid)
        if table:
            return table
    expected = ", ".join(str(c.header) for c in COLUMNS if c.required)
    raise FileRefused(_("No header row was found. The first rows should include the columns: %(columns)s.")
                      % {"columns": expected})


def estimate_data_rows(handle, name: str, *, up_to: int) -> int:
    """About how many data rows the file holds, read cheaply, to decide whether to check it in the request or in
    the background: the lines of a CSV; the dimensions a workbook records for its sheets, else its rows streamed
    and counted only up to `up_to` + 1. Title rows above the header count too: it is an estimate. A file this
    cannot read gives 0: read_table() then says why it is refused."""
    try:
        check_name(name)
        if PurePath(name).suffix.lower() == ".csv":
            return max(handle.read().count(b"\n") - 1, 0)
        _check_container(handle)
        from openpyxl import load_workbook

        workbook = load_workbook(handle, read_only=True)
        try:
            return max([_sheet_rows(sheet, up_to) - 1 for sheet in workbook.worksheets
                        if sheet.sheet_state == "visible"] or [0])
        finally:
            workbook.close()
    except Exception:  # FileRefused, or the many errors openpyxl raises on a damaged file
        return 0
    finally:
        handle.seek(0)


def _sheet_rows(sheet, up_to: int) -> int:
    if sheet.max_row is not None:
        return sheet.max_row
    # Written row by row (our own exports are), the sheet records no dimensions: count, but not past the limit.
    count = 0
    for _row in sheet.iter_rows(values_only=True):
        count += 1
        if count > up_to + 1:
            break
    return count


def _csv_grid(data: bytes) -> list[tuple[int, list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise FileRefused(_("The CSV file's encoding was not recognised; save it as “CSV UTF-8”.")) from None
    if "\x00" in text:
        raise FileRefused(_("The file is not a CSV text file."))
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    _check_row_count(len(rows))
    return [(number, row) for number, row in enumerate(rows, start=1)]


def _check_row_count(rows: int) -> None:
    if rows > settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS:
        raise FileRefused(_("The file has %(rows)s rows; at most %(limit)s can be imported at once.")
                          % {"rows": rows, "limit": settings.IMPORT_MAX_ROWS})


def _check_container(handle) -> None:
    head = handle.read(8)
    handle.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(_("The workbook is password-protected or in the old .xls format; remove the password "
                            "or save it as .xlsx."))
    if not head.startswith(b"PK\x03\x04"):
        raise FileRefused(_("The file is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise FileRefused(_("The workbook is damaged and cannot be read.")) from None
    finally:
        handle.seek(0)
    names = {member.filename.lower() for member in members}
    if "xl/workbook.xml" not in names:
        raise FileRefused(_("The file is not an Excel workbook (.xlsx)."))
    if any(name.endswith("vbaproject.bin") for name in names):
        raise FileRefused(_("The workbook contains macros; save it as a plain .xlsx workbook without macros."))
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise FileRefused(_("The workbook unpacks to far more data than a list of models holds; it is refused."))


def _xlsx_grids(handle):
    from openpyxl import load_workbook

    _check_container(handle)
    try:
        workbook = load_workbook(handle, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise FileRefused(_("The workbook is damaged and cannot be read.")) from None
    grids = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        # Empty but formatted rows count in max_row: only a sheet far beyond the limit is refused unread; the
        # rows that hold values are counted once the table is found.
        if sheet.max_row > 4 * (settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS):
            _check_row_count(sheet.max_row)
        merged = {}
        for cell_range in sheet.merged_cells.ranges:
            value = sheet.cell(cell_range.min_row, cell_range.min_col).value
            for row in range(cell_range.min_row, cell_range.max_row + 1):
                for column in range(cell_range.min_col, cell_range.max_col + 1):
                    merged[(row, column)] = value
        grid = []
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                if (cell.row, cell.column) in merged:
                    values.append(merged[(cell.row, cell.column)])
                elif cell.data_type == "f":
                    values.append(Formula(str(cell.value)))
                else:
                    values.append(cell.value)
            grid.append((row[0].row, values) if row else (None, values))
        grids.append((sheet.title, [(n, v) for n, v in grid if n is not None]))
    return grids


def _table(sheet: str, grid) -> Table | None:
    aliases = header_aliases()
    for number, values in grid[:HEADER_SEARCH_ROWS]:
        found = {}
        for index, value in enumerate(values):
            if isinstance(value, str):
                key = aliases.get(fold(clean_text(value)).rstrip(" *"))
                if key and key not in found:
                    found[key] = index
        if "name" in found and len(found) >= 3:
            missing = [str(BY_KEY[key].header) for key in BY_KEY if BY_KEY[key].required and key not in found]
            if missing:
                raise FileRefused(_("The header row (row %(row)s) lacks the columns: %(columns)s.")
                                  % {"row": number, "columns": ", ".join(missing)})
            table = Table(sheet, number, {key: clean_text(values[index]) for key, index in found.items()})
            for row_number, row_values in grid:
                if row_number <= number:
                    continue
                row = {key: (row_values[index] if index < len(row_values) else None) for key, index in found.items()}
                row = {key: _clean(value) for key, value in row.items()}
                if any(value not in ("", None) for value in row.values()):
                    table.rows.append((row_number, row))
            if len(table.rows) > settings.IMPORT_MAX_ROWS:
                raise FileRefused(_("The file has %(rows)s rows; at most %(limit)s can be imported at once.")
                                  % {"rows": len(table.rows), "limit": settings.IMPORT_MAX_ROWS})
            return table
    return None


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, str):
        text = clean_text(value)
        # Our exports write text that a spreadsheet would run as a formula with an apostrophe before it
        # (core.spreadsheets.escape_formula): read back, it is the text as it was.
        if text[:1] == "'" and text[1:2] and text[1:].startswith(FORMULA_STARTS):
            return text[1:]
        return text
    return value  # numbers, dates and Formula are judged by the column that holds them
