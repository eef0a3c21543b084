"""The columns of the registry's lists as spreadsheets. The models list writes the import's columns first, with the
same headers and values, so an exported file imports back unchanged (round trip)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.templatetags.formatting import days_since

from .imports.columns import BY_KEY
from .imports.validation import unit_label


def _yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def model_columns():
    header = {key: column.header for key, column in BY_KEY.items()}
    return [
        (header["code"], lambda m: m.code),
        (header["name"], lambda m: m.name),
        (header["kind"], lambda m: m.get_kind_display()),
        (header["owner_agency"], lambda m: m.owner_agency.name),
        (header["registered_unit"], lambda m: unit_label(m.registered_unit)),
        (header["field"], lambda m: m.field.name),
        (header["level"], lambda m: m.get_level_display()),
        (header["year_started"], lambda m: m.year_started),
        (header["description"], lambda m: m.description),
        (header["approach"], lambda m: m.approach),
        (header["results"], lambda m: m.results),
        (header["recognition_decision"], lambda m: m.recognition_decision),
        (header["recognition_date"], lambda m: m.recognition_date),
        (header["recognising_body"], lambda m: m.recognising_body),
        (_("Status"), lambda m: m.get_status_display()),
        (_("Year recognised"), lambda m: m.recognition_year),
        (_("Year removed"), lambda m: m.removal_year),
        (_("Typical"), lambda m: _yes_no(m.is_typical)),
    ]


def queue_columns():
    return [
        (_("Model code"), lambda m: m.code),
        (_("Name of the model"), lambda m: m.name),
        (_("Owning agency"), lambda m: m.owner_agency.name),
        (_("Field"), lambda m: m.field.name),
        (_("Administrative unit"), lambda m: unit_label(m.registered_unit)),
        (_("Status"), lambda m: m.get_status_display()),
        (_("Year started"), lambda m: m.year_started),
        (_("Year recognised"), lambda m: m.recognition_year),
        (_("Waiting since"), lambda m: timezone.localtime(m.waiting_since).date() if m.waiting_since else None),
        (_("Days waiting"), lambda m: days_since(m.waiting_since) if m.waiting_since else None),
    ]
