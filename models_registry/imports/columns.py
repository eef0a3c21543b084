"""The columns of an import, with the headers a file may carry: the Vietnamese headers of the template and the
export, and their English originals. A header is matched without diacritics, case or extra spaces."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.search import fold


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    width: int = 18
    required: bool = False
    help: Promise | str = ""


COLUMNS = [
    Column("code", _("Model code"), 16, help=_("Leave empty for a new model; a model's code updates that model.")),
    Column("name", _("Name of the model"), 45, required=True),
    Column("kind", _("Kind"), 24, help=_("From the list; empty means a model (way of working).")),
    Column("owner_agency", _("Owning agency"), 40, required=True, help=_("From the list of agencies.")),
    Column(
        "registered_unit",
        _("Administrative unit"),
        40,
        required=True,
        help=_("Today's unit, or the former unit where the model was registered (the list has both)."),
    ),
    Column("field", _("Field"), 30, required=True),
    Column("level", _("Level"), 18, required=True),
    Column("year_started", _("Year started"), 12, required=True),
    Column("description", _("Description"), 50),
    Column("approach", _("Approach (how it works)"), 50),
    Column("results", _("Results"), 50),
    Column(
        "recognition_decision",
        _("Recognition decision number"),
        22,
        help=_("Only for models an earlier decision recognised, imported by a reviewer."),
    ),
    Column("recognition_date", _("Recognition decision date"), 18, help=_("dd/mm/yyyy")),
    Column("recognising_body", _("Recognising body"), 35),
]
BY_KEY = {column.key: column for column in COLUMNS}
DECISION_KEYS = ("recognition_decision", "recognition_date", "recognising_body")
CONTENT_KEYS = [c.key for c in COLUMNS if c.key not in ("code", *DECISION_KEYS)]


def header_aliases() -> dict[str, str]:
    """Folded header text -> column key, in Vietnamese and in English."""
    aliases = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for column in COLUMNS:
                aliases[fold(str(column.header)).rstrip(" *")] = column.key
    return aliases
