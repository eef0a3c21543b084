"""The figures as labelled tables, for the page's charts, the Excel workbook and the Word report.

The same tables feed all three, so the exports show what the page shows, filters and scope included.
"""

import io
import re

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .figures import DIRECTIVE_LABELS, HEADLINE_LABELS, Scope

# A province has about 130 communes and wards: the chart shows the largest, the table under it all of them.
# (No "others" bar: a commune split in 2025 counts under each of its successors, so the rest do not add up.)
TOP_UNITS = 20


def labelled_headline(data: dict) -> list[dict]:
    year = data["year"]
    ref_year = data["ref_year"]
    labels = {
        "in_list": _("Models in the list at the end of %(year)s") % {"year": year}
        if year
        else _("Models in the list today"),
        "new": _("Newly recognised in %(year)s") % {"year": ref_year},
        "removed": _("Removed from the list in %(year)s") % {"year": ref_year},
        "typical": _("Typical models in the list at the end of %(year)s") % {"year": year}
        if year
        else str(HEADLINE_LABELS["typical"]),
    }
    return [
        {**figure, "label": labels.get(figure["key"]) or str(HEADLINE_LABELS[figure["key"]])}
        for figure in data["headline"]
    ]


def labelled_directive_counts(data: dict) -> list[dict]:
    return [{**row, "label": str(DIRECTIVE_LABELS[row["key"]])} for row in data["directives"]["counts"]]


def _agency_label(row: dict) -> str:
    if row.get("others"):
        return _("Other agencies")
    if row.get("own"):
        return _("%(agency)s (its own models)") % {"agency": row["label"]}
    return row["label"]


def tables(data: dict) -> list[dict]:
    """Every table of the dashboard: a title, column headers, rows of cells (text or numbers)."""
    in_list = _("Number of models")
    years = data["by_year"]
    return [
        {
            "key": "headline",
            "title": _("Headline figures"),
            "sheet": _("Headline figures"),
            "columns": [_("Figure"), pgettext("a column of counts", "Count")],
            "rows": [[f["label"], f["value"]] for f in labelled_headline(data)]
            + [[f"{_('Directives')}: {f['label']}", f["value"]] for f in labelled_directive_counts(data)],
        },
        {
            "key": "by_field",
            "sheet": _("Models by field"),
            "title": _("Models in the list by field"),
            "columns": [_("Field"), in_list],
            "rows": [[row["label"], row["value"]] for row in data["by_field"]],
        },
        {
            "key": "by_agency",
            "sheet": _("Models by agency"),
            "title": _("Models in the list by owning agency (with the agencies under it)"),
            "columns": [_("Agency"), in_list],
            "rows": [[_agency_label(row), row["value"]] for row in data["by_agency"]],
        },
        {
            "key": "by_unit",
            "sheet": _("Models by unit"),
            "title": _("Models in the list by administrative unit of today"),
            "columns": [_("Administrative unit"), in_list],
            "rows": [[row["label"], row["value"]] for row in data["by_unit"]],
        },
        {
            "key": "by_year",
            "sheet": _("Over the years"),
            "title": _("Models over the years"),
            "columns": [
                _("Year"),
                _("Newly recognised"),
                _("Removed from the list"),
                _("In the list at the end of the year"),
            ],
            "rows": [[str(row["year"]), row["new"], row["removed"], row["total"]] for row in years],
        },
        {
            "key": "directives",
            "sheet": _("Directives by agency"),
            "title": _("Directives by lead agency"),
            "columns": [_("Agency"), _("Assigned"), _("Done"), _("Overdue")],
            "rows": [
                [row["label"], row["assigned"], row["done"], row["overdue"]] for row in data["directives"]["by_agency"]
            ],
        },
    ]


def chart_data(data: dict) -> dict:
    """What static/js/dashboard.js draws: labels, values and the link of each bar, in the page's language."""

    def bars(rows, label=lambda row: row["label"]):
        return {
            "labels": [label(row) for row in rows],
            "values": [row["value"] for row in rows],
            "urls": [row.get("url") for row in rows],
        }

    years = data["by_year"]
    return {
        "by_field": {**bars(data["by_field"]), "title": _("Models in the list by field")},
        "by_agency": {**bars(data["by_agency_chart"], _agency_label), "title": _("By owning agency")},
        "by_unit": {**bars(data["by_unit"][:TOP_UNITS]), "title": _("By administrative unit")},
        "by_year": {
            "labels": [str(row["year"]) for row in years],
            "series": [
                {
                    "label": _("Newly recognised"),
                    "values": [r["new"] for r in years],
                    "urls": [r["new_url"] for r in years],
                },
                {
                    "label": _("Removed from the list"),
                    "values": [r["removed"] for r in years],
                    "urls": [r["removed_url"] for r in years],
                },
                {
                    "label": _("In the list at the end of the year"),
                    "values": [r["total"] for r in years],
                    "urls": [r["total_url"] for r in years],
                },
            ],
            "title": _("Models over the years"),
            "axis_changes": _("Recognised or removed in the year"),
            "axis_total": _("In the list at the end of the year"),
        },
    }


def describe_scope(scope: Scope) -> str:
    parts = [scope.agency.name if scope.agency else _("The whole province")]
    if scope.unit:
        parts.append(scope.unit.name)
    parts.append(
        _("year %(year)s") % {"year": scope.year}
        if scope.year
        else _("as of %(date)s") % {"date": formats.date_format(scope.today, "SHORT_DATE_FORMAT")}
    )
    return " · ".join(parts)


def file_name(scope: Scope) -> str:
    return f"bang-dieu-hanh-{scope.year or scope.today.isoformat()}"


SHEET_NAME_LENGTH = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _fit(words: list[str], limit: int) -> str:
    """As many whole words as fit in `limit` characters (a single longer word is cut: there is no better place)."""
    shown = ""
    for word in words:
        candidate = f"{shown} {word}".strip()
        if len(candidate) > limit:
            break
        shown = candidate
    return shown or (words[0][:limit] if words else "")


def sheet_name(name: str, used: set) -> str:
    """A sheet's name: at most 31 characters, cut between words (never inside one), without the characters Excel
    refuses, and unlike the names in `used` (to which it is added): a second one gets " (2)"."""
    words = _NOT_IN_SHEET_NAMES.sub(" ", name).split() or ["Sheet"]
    unique, number = _fit(words, SHEET_NAME_LENGTH), 2
    while unique.lower() in used:
        suffix = f" ({number})"
        unique, number = _fit(words, SHEET_NAME_LENGTH - len(suffix)) + suffix, number + 1
    used.add(unique.lower())
    return unique


def workbook(scope: Scope, data: dict) -> bytes:
    """One sheet per table, numbers as numbers, and a native bar chart next to each breakdown."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    from core.spreadsheets import append_row

    book = Workbook()
    book.remove(book.active)
    used = set()
    for table in tables(data):
        sheet = book.create_sheet(title=sheet_name(str(table["sheet"]), used))
        append_row(sheet, [str(table["title"])])
        sheet["A1"].font = Font(bold=True, size=13)
        append_row(sheet, [describe_scope(scope)])
        append_row(sheet, [str(column) for column in table["columns"]])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table["rows"]:
            append_row(sheet, [value if isinstance(value, int) else str(value) for value in row])
        sheet.column_dimensions["A"].width = 48
        for letter in "BCD":
            sheet.column_dimensions[letter].width = 18
        if table["key"] != "headline" and table["rows"]:
            chart = BarChart()
            chart.type = "bar" if table["key"] != "by_year" else "col"
            chart.title = str(table["title"])
            last = 3 + len(table["rows"])
            values = Reference(sheet, min_col=2, max_col=len(table["columns"]), min_row=3, max_row=last)
            chart.add_data(values, titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=4, max_row=last))
            chart.height = max(7.5, 0.5 * len(table["rows"]))
            chart.width = 18
            sheet.add_chart(chart, "F3")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report(scope: Scope, data: dict) -> bytes:
    """A printable Word report: title, scope, then each table followed by its chart as an image."""
    from docx.shared import Cm

    from core.documents import add_heading, add_paragraph, administrative_document, set_text

    from .charts import png_for

    document = administrative_document()
    add_heading(document, _("Dashboard of the “Skilled Mass Mobilization” movement"), level=0)
    add_paragraph(document, describe_scope(scope))
    for table in tables(data):
        add_heading(document, str(table["title"]), level=1)
        if not table["rows"]:
            add_paragraph(document, _("Nothing to show."))
            continue
        grid = document.add_table(rows=1, cols=len(table["columns"]))
        grid.style = "Table Grid"
        for cell, column in zip(grid.rows[0].cells, table["columns"], strict=True):
            set_text(cell, str(column))
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in table["rows"]:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                set_text(
                    cell, formats.number_format(value, force_grouping=True) if isinstance(value, int) else str(value)
                )
        image = png_for(table)
        if image:
            add_paragraph(document)
            document.add_picture(io.BytesIO(image), width=Cm(16))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
