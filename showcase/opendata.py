"""The open data: the public list of typical models as CSV and JSON, with documented columns and a licence.

The columns are named in English, once, here; README "Public showcase" documents them. The CSV is written by
core/spreadsheets.py (UTF-8 with a BOM, formula-safe cells) under a title block: the title, the licence, the source.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Column:
    name: str
    description: str


COLUMNS = [
    Column("code", gettext_lazy("The model's code in the registry (stable; the page's address uses it)")),
    Column("name", gettext_lazy("Name of the model")),
    Column("kind", gettext_lazy("Model or exemplar")),
    Column("level", gettext_lazy("Level (province, district, commune)")),
    Column("field", gettext_lazy("Field")),
    Column("agency", gettext_lazy("Owning agency")),
    Column("unit_registered", gettext_lazy("Administrative unit where it was registered")),
    Column("units_today", gettext_lazy("The unit(s) standing for it today, after the 2025 reorganisation")),
    Column("year_started", gettext_lazy("Year started")),
    Column("year_recognised", gettext_lazy("Year recognised")),
    Column("url", gettext_lazy("Address of its public page")),
]


def licence_line() -> str:
    return _("Licence: %(licence)s (%(url)s). Source: %(source)s") % {
        "licence": settings.PUBLIC_DATA_LICENCE,
        "url": settings.PUBLIC_DATA_LICENCE_URL,
        "source": settings.SITE_URL + reverse("showcase:index"),
    }


def title_block() -> list[str]:
    return [
        _("Typical models of the “Dân vận khéo” movement"),
        licence_line(),
        _("Generated on %(when)s") % {"when": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
    ]


def about() -> dict:
    """The JSON document's head: what it is, its licence and its columns."""
    return {
        "title": _("Typical models of the “Dân vận khéo” movement"),
        "licence": {"name": settings.PUBLIC_DATA_LICENCE, "url": settings.PUBLIC_DATA_LICENCE_URL},
        "source": settings.SITE_URL + reverse("showcase:index"),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "columns": [{"name": column.name, "description": str(column.description)} for column in COLUMNS],
    }


def row(model, request) -> list:
    """One model's values, in COLUMNS' order (a public_models() row: nothing here queries)."""
    return [
        model.code,
        model.name,
        model.get_kind_display(),
        model.get_level_display(),
        model.field.name,
        model.owner_agency.name,
        model.registered_unit.name,
        "; ".join(unit.name for unit in model.registered_unit.current_units()),
        model.year_started,
        model.recognition_year,
        settings.SITE_URL + reverse("showcase:model", args=[model.code]),
    ]
