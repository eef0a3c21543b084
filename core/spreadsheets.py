"""Every cell a spreadsheet export writes (Excel and CSV) goes through here.

Text that begins with = + - @ (or a tab or carriage return) is what Excel and LibreOffice read as a formula:
a model's name "=HYPERLINK(...)" must stay text (OWASP's "CSV injection"). In a workbook such a cell is
written as a text cell marked with Excel's quote prefix, so it shows exactly as typed and stays text even when
someone edits it; in a CSV file, which has no types, it gets a leading apostrophe, as OWASP advises. Text is
also cleaned of the control characters no spreadsheet can hold (core.text), so an export writes whatever the
database holds.
"""

import csv

from .text import text_or_empty

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def reads_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


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
