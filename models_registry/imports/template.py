"""The workbook an official fills in: the import's columns with drop-down lists of the reference data they may use,
an instructions sheet with one filled example row, and the lists themselves."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.spreadsheets import escape_formula

from ..choices import ModelKind, ModelLevel
from ..models import AdministrativeUnit, Agency, Field
from .columns import COLUMNS
from .validation import unit_label

ROWS_WITH_LISTS = 2000
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def agencies_for(user):
    """The agencies a user may import into: an official's own and those under it; a reviewer's, any."""
    agencies = Agency.objects.active()
    if user.has_perm("models_registry.review_movementmodel"):
        return agencies.order_by("name")
    return agencies.subtree_of(user.agency_id).order_by("name") if user.agency_id else agencies.none()


def _header_text(column) -> str:
    return f"{column.header} *" if column.required else str(column.header)


def _write_header(sheet, row: int = 1) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row, index, _header_text(column))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def build_template(user):
    """The template workbook for `user` (an openpyxl Workbook)."""
    workbook = Workbook()
    models = workbook.active
    models.title = _("Models")
    lists = workbook.create_sheet(_("Lists"))
    guide = workbook.create_sheet(_("Instructions"))

    agencies = [agency.name for agency in agencies_for(user)]
    units = list(AdministrativeUnit.objects.order_by("level", "name", "pk"))
    current = [unit_label(unit) for unit in units if unit.is_current]
    former = [unit_label(unit) for unit in units if not unit.is_current]
    columns_of_lists = [
        ("field", _("Fields"), [f.name for f in Field.objects.filter(is_active=True)]),
        ("level", _("Levels"), [str(label) for _value, label in ModelLevel.choices]),
        ("kind", _("Kinds"), [str(label) for _value, label in ModelKind.choices]),
        ("owner_agency", _("Agencies"), agencies),
        (None, _("Administrative units today"), current),
        (None, _("Former administrative units (before the 2025 reorganisation)"), former),
        # One list for the drop-down: today's units first, then the former ones.
        ("registered_unit", _("Every administrative unit"), current + former),
    ]
    ranges = {}
    for index, (key, title, values) in enumerate(columns_of_lists, start=1):
        letter = get_column_letter(index)
        lists.cell(1, index, title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row, index, escape_formula(value))
        lists.column_dimensions[letter].width = min(60, max([len(title), *map(len, values)], default=12) + 2)
        if key:
            ranges[key] = f"'{lists.title}'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    lists.freeze_panes = "A2"

    _write_header(models)
    models.freeze_panes = "A2"
    models.row_dimensions[1].height = 32
    for index, column in enumerate(COLUMNS, start=1):
        if column.key not in ranges:
            continue
        validation = DataValidation(
            type="list",
            formula1=ranges[column.key],
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle=str(column.header),
            error=_("Choose a value from the list."),
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{ROWS_WITH_LISTS + 1}")
        models.add_data_validation(validation)

    lines = [
        _("How to fill in the list of models"),
        "",
        _("1. Enter one model per row on the sheet “%(sheet)s”, under the header row; do not change the headers.")
        % {"sheet": models.title},
        _("2. Columns marked * are required. Agency, unit, field, level and kind come from the drop-down lists "
          "(sheet “%(sheet)s”).") % {"sheet": lists.title},
        _("3. A model registered in a commune that was merged in 2025 keeps that commune: choose it among the "
          "former units."),
        _("4. Dates as dd/mm/yyyy. Leave the model code empty for a new model; a model's code updates that model."),
        _("5. Upload the file at /models/import/: you will see a preview (rows to create, to update, unchanged and "
          "with errors) and nothing is saved until you confirm."),
        "",
        _("Example of a filled row:"),
    ]
    for row, line in enumerate(lines, start=1):
        guide.cell(row, 1, line)
    guide.cell(1, 1).font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 45
    example_header = len(lines) + 1
    _write_header(guide, example_header)
    example = {
        "name": _("Skilful mass mobilisation in building new rural roads"),
        "kind": str(ModelKind.MODEL.label),
        "owner_agency": agencies[0] if agencies else "",
        "registered_unit": current[0] if current else "",
        "field": columns_of_lists[0][2][0] if columns_of_lists[0][2] else "",
        "level": str(ModelLevel.COMMUNE.label),
        "year_started": timezone.localdate().year - 1,
        "description": _("Mobilising households to donate land for village roads."),
        "approach": _("Village meetings; officials and Party members lead by example."),
        "results": _("2 km of new road; 30 households donated land."),
    }
    for index, column in enumerate(COLUMNS, start=1):
        guide.cell(example_header + 1, index, escape_formula(example.get(column.key, "")))
    for offset, column in enumerate(COLUMNS, start=example_header + 3):
        guide.cell(offset, 1, _header_text(column)).font = Font(bold=True)
        guide.cell(offset, 2, str(column.help))
    return workbook
