"""Every row of an import checked and matched against the registry, before anything is saved: the preview.

A row becomes a new model (no code, nothing like it registered), an update of the model whose code it gives,
unchanged (that model, or the very model it describes, already holds it: a file imported twice creates nothing),
or an error, each error naming the row as the spreadsheet numbers it and the column's header. Warnings (a
probable duplicate of a model in the list, by the review candidates' rule) do not block.

`validate_stored()` is a plain function over a stored upload: it runs in the request for a small file, and in a
background job (imports/checking.py) for a large one, with the same code, only reporting its progress.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from core.search import fold

from ..candidates import probable_duplicates_of
from ..choices import ModelKind, ModelLevel
from ..models import AdministrativeUnit, Agency, Field, MovementModel
from ..models.registry import FIRST_YEAR
from ..services.registry import check_owner_agency, own_agency_ids
from .columns import BY_KEY, CONTENT_KEYS, DECISION_KEYS
from .reading import Formula, Table, has_control_characters, read_table

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
PROGRESS_REPORTS = 100
_CODE_IN_BRACKETS = re.compile(r"\[\s*([0-9A-Za-z.-]+)\s*\]\s*$")
_FORMER_MARK = re.compile(r"\(\s*cu\b[^)]*?(\d{1,2}/\d{1,2}/\d{4})?\s*\)")


@dataclass
class RowPlan:
    number: int  # as the spreadsheet shows it
    action: str = CREATE
    data: dict = field(default_factory=dict)  # content fields, as the services take them
    decision: dict = field(default_factory=dict)  # decision_number, decision_date, recognising_body
    model: MovementModel | None = None  # the model updated or found unchanged
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, what is wrong)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    code: str = ""  # as the row gives it

    def error(self, key: str, message: str) -> None:
        self.errors.append((_header(key), message))
        self.action = ERROR

    def as_json(self) -> dict:
        return {
            "row": self.number,
            "action": self.action,
            "name": str(self.data.get("name") or (self.model.name if self.model else "")),
            "code": self.model.code if self.model else "",
            "errors": [list(error) for error in self.errors],
            "warnings": self.warnings,
            "notes": self.notes,
        }


@dataclass
class Preview:
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    header_row: int | None = None
    sheet: str = ""

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def can_confirm(self) -> bool:
        return not self.file_errors and not self.count(ERROR) and bool(self.count(CREATE) + self.count(UPDATE))

    def as_json(self) -> dict:
        return {
            "file_errors": self.file_errors,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": [row.as_json() for row in self.rows],
        }


def _header(key: str) -> str:
    return str(BY_KEY[key].header) if key in BY_KEY else key


def choice_names(choices) -> dict[str, str]:
    """Folded label (Vietnamese and English) or stored value -> the stored value."""
    names = {}
    for stored, label in choices:
        names[fold(stored)] = stored
        for language in ("vi", "en"):
            with translation.override(language):
                names[fold(str(label))] = stored
    return names


def unit_label(unit: AdministrativeUnit) -> str:
    """How the template's list names a unit; a former one says until when it existed."""
    if unit.valid_to:
        ended = unit.valid_to.strftime("%d/%m/%Y")
        return _("%(name)s (former, until %(date)s) [%(code)s]") % {"name": unit.name, "date": ended, "code": unit.code}
    return f"{unit.name} [{unit.code}]"


class Registry:
    """The reference data a file is matched against, loaded once per validation."""

    def __init__(self):
        self.units = list(AdministrativeUnit.objects.select_related("parent"))
        self.agencies = list(Agency.objects.all())
        self.fields = list(Field.objects.filter(is_active=True))
        self.units_by_name: dict[str, list] = {}
        for unit in self.units:
            self.units_by_name.setdefault(fold(unit.name), []).append(unit)
        self.agencies_by_name: dict[str, list] = {}
        for agency in self.agencies:
            for name in {fold(agency.name), fold(agency.short_name)} - {""}:
                self.agencies_by_name.setdefault(name, []).append(agency)
        self.fields_by_name = {fold(f.name): f for f in self.fields}
        self.kinds = choice_names(ModelKind.choices)
        self.levels = choice_names(ModelLevel.choices)

    def unit(self, text: str) -> tuple[AdministrativeUnit | None, str]:
        """The unit `text` names (by code in brackets or alone, or by name; a former name finds the former
        unit, registered as it was), or None and why not."""
        folded = fold(text)
        code_match = _CODE_IN_BRACKETS.search(text)
        code = code_match.group(1) if code_match else (text if re.fullmatch(r"\d{3,10}", text) else "")
        rest = fold(_CODE_IN_BRACKETS.sub("", text)) if code_match else ("" if code else folded)
        former = _FORMER_MARK.search(rest)
        ended = None
        if former:
            ended = _date_or_none(former.group(1))
            rest = _FORMER_MARK.sub("", rest).strip()
        if code:
            candidates = [unit for unit in self.units if unit.code == code]
            if rest:
                candidates = [unit for unit in candidates if fold(unit.name) == rest] or candidates
        else:
            candidates = list(self.units_by_name.get(rest, []))
        if former:
            candidates = [u for u in candidates if u.valid_to and (ended is None or u.valid_to == ended)]
        elif any(unit.is_current for unit in candidates):
            candidates = [unit for unit in candidates if unit.is_current]
        if len(candidates) == 1:
            return candidates[0], ""
        if not candidates:
            return None, _("No administrative unit is called “%(value)s”; choose one from the list.") % {"value": text}
        options = "; ".join(unit_label(unit) for unit in candidates[:5])
        return None, _("Several units are called “%(value)s”: write it as in the list (%(options)s).") % {
            "value": text,
            "options": options,
        }

    def agency(self, text: str) -> tuple[Agency | None, str]:
        candidates = self.agencies_by_name.get(fold(text), [])
        if len(candidates) == 1:
            return candidates[0], ""
        if not candidates:
            return None, _("No agency is called “%(value)s”; choose one from the list.") % {"value": text}
        return None, _("Several agencies are called “%(value)s”; ask an administrator to tell them apart.") % {
            "value": text
        }


def _date_or_none(text):
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None
    except ValueError:
        return None


def parse_date(value) -> datetime.date:
    """A date as Excel stores it (a date or a serial number) or as typed: dd/mm/yyyy, d/m/yy or ISO."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if not 1 <= float(value) < 2958466:
            raise ValueError
        return from_excel(float(value)).date()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text)
    if not match:
        raise ValueError
    day, month, year = (int(part) for part in match.groups())
    if len(match.group(3)) == 2:
        year += 2000 if year <= timezone.localdate().year % 100 else 1900
    return datetime.date(year, month, day)


def _year(value) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        if value != int(value):
            raise ValueError
        return int(value)
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}(\.0+)?", text):
        raise ValueError
    return int(float(text))


class Validator:
    def __init__(self, user, *, at=None):
        self.user = user
        self.at = at or timezone.now()
        self.today = timezone.localdate(self.at)
        self.registry = Registry()
        self.is_reviewer = user.has_perm("models_registry.review_movementmodel")
        self.codes_seen: dict[str, int] = {}
        self.names_seen: dict[tuple, int] = {}

    def validate(self, table: Table, progress=None) -> Preview:
        preview = Preview(sheet=table.sheet, header_row=table.header_row)
        total = len(table.rows)
        step = max(1, total // PROGRESS_REPORTS)  # each report is a write: about a hundred per file
        if progress:
            progress(0, total)
        # Every row read first (no queries), then what the rows name looked up once for the whole file, then each
        # row matched in memory: a file costs the same number of queries however many rows it has.
        plans = [self.read_row(number, values) for number, values in table.rows]
        self.look_up(plans)
        for checked, plan in enumerate(plans, start=1):
            preview.rows.append(self.check_row(plan))
            if progress and (checked % step == 0 or checked == total):
                progress(checked, total)
        self.warn(preview.rows)
        return preview

    def read_row(self, number: int, values: dict) -> RowPlan:
        """The row's values read and checked on their own, against the reference data in memory."""
        plan = RowPlan(number)
        texts = {}
        for key, value in values.items():
            if isinstance(value, Formula):
                plan.error(key, _("A formula (%(formula)s) where a value is expected; paste the value instead.")
                           % {"formula": value.text[:40]})
                continue
            text = value if isinstance(value, str) else ("" if value in (None, "") else value)
            if isinstance(text, str) and has_control_characters(text):
                plan.error(key, _("Contains control characters; retype the text."))
                continue
            texts[key] = text
        data = plan.data
        self._text(plan, texts, "name", required=True, max_length=300)
        for key in ("description", "approach", "results"):
            self._text(plan, texts, key)
        kind = _s(texts.get("kind"))
        data["kind"] = ModelKind.MODEL
        if kind:
            data["kind"] = self.registry.kinds.get(fold(kind))
            if data["kind"] is None:
                plan.error("kind", _("Unknown kind “%(value)s”; choose one from the list.") % {"value": kind})
        level = _s(texts.get("level"))
        if not level:
            plan.error("level", _("Required."))
        elif (data_level := self.registry.levels.get(fold(level))) is None:
            plan.error("level", _("Unknown level “%(value)s”; choose one from the list.") % {"value": level})
        else:
            data["level"] = data_level
        self._reference(plan, texts, "owner_agency", self.registry.agency)
        self._reference(plan, texts, "registered_unit", self.registry.unit)
        field_name = _s(texts.get("field"))
        if not field_name:
            plan.error("field", _("Required."))
        elif (found := self.registry.fields_by_name.get(fold(field_name))) is None:
            plan.error("field", _("Unknown field “%(value)s”; choose one from the list.") % {"value": field_name})
        else:
            data["field"] = found
        self._year_started(plan, texts.get("year_started"))
        self._decision(plan, texts)
        plan.code = _s(texts.get("code"))
        return plan

    def look_up(self, plans: list[RowPlan]) -> None:
        """What the rows name, read from the registry in a few queries for the whole file: the models their codes
        give, the models registered under the same agency, unit and field as a row without a code (the "already
        registered" match), which of those the user may change, and today's units of the former units named."""
        readable = MovementModel.objects.visible_to(self.user).select_related("owner_agency", "registered_unit",
                                                                              "field")
        valid = [plan for plan in plans if plan.action != ERROR]
        codes = {plan.code for plan in valid if plan.code}
        self.by_code = {model.code: model for model in readable.filter(code__in=codes)} if codes else {}
        keys = {self._place(plan.data) for plan in valid if not plan.code}
        self.by_place: dict[tuple, list[MovementModel]] = defaultdict(list)
        if keys:
            # One query over the agencies, units and fields named, narrowed to the rows' combinations here; in the
            # registry's order (newest first), as the row-by-row lookup read them.
            for model in readable.filter(owner_agency__in={key[0] for key in keys},
                                         registered_unit__in={key[1] for key in keys},
                                         field__in={key[2] for key in keys}):
                place = (model.owner_agency_id, model.registered_unit_id, model.field_id)
                if place in keys:
                    self.by_place[place].append(model)
        found = [*self.by_code.values(), *(model for models in self.by_place.values() for model in models)]
        self.editable = set(
            MovementModel.objects.editable_by(self.user).filter(pk__in={model.pk for model in found})
            .values_list("pk", flat=True)
        ) if found else set()
        former = {plan.data["registered_unit"] for plan in plans
                  if "registered_unit" in plan.data and not plan.data["registered_unit"].is_current}
        self.current_units = AdministrativeUnit.objects.current_units_of(former) if former else {}

    @cached_property
    def own_agencies(self) -> set[int]:
        """The agencies the user acts for (services.registry.own_agency_ids), read once for the file."""
        return own_agency_ids(self.user)

    @staticmethod
    def _place(data) -> tuple[int, int, int]:
        return data["owner_agency"].pk, data["registered_unit"].pk, data["field"].pk

    def check_row(self, plan: RowPlan) -> RowPlan:
        """The row matched against the registry (looked up by look_up()) and checked as the services would."""
        unit = plan.data.get("registered_unit")
        if unit is not None and not unit.is_current:
            today = ", ".join(current.name for current in self.current_units.get(unit.pk, [])) or "—"
            plan.notes.append(_("Registered in the former unit %(unit)s, today part of %(today)s.")
                               % {"unit": unit.name, "today": today})
        if plan.action == ERROR:
            return plan
        self._match(plan, plan.code)
        if plan.action == CREATE:
            self._permission(plan)
        if plan.action in (CREATE, UPDATE):
            self._clean(plan)
        return plan

    def _text(self, plan, texts, key, *, required=False, max_length=None):
        text = _s(texts.get(key))
        if required and not text:
            plan.error(key, _("Required."))
        elif max_length and len(text) > max_length:
            plan.error(key, _("At most %(limit)s characters (this has %(length)s).")
                       % {"limit": max_length, "length": len(text)})
        plan.data[key] = text

    def _reference(self, plan, texts, key, find):
        text = _s(texts.get(key))
        if not text:
            plan.error(key, _("Required."))
            return
        found, problem = find(text)
        if found is None:
            plan.error(key, problem)
            return
        plan.data[key] = found

    def _year_started(self, plan, value):
        if value in (None, ""):
            plan.error("year_started", _("Required."))
            return
        try:
            year = _year(value)
        except (TypeError, ValueError):
            plan.error("year_started", _("“%(value)s” is not a year.") % {"value": value})
            return
        if not FIRST_YEAR <= year <= self.today.year:
            plan.error("year_started", _("The year must be between %(first)s and %(last)s.")
                       % {"first": FIRST_YEAR, "last": self.today.year})
            return
        plan.data["year_started"] = year

    def _decision(self, plan, texts):
        given = {key: texts.get(key) for key in DECISION_KEYS if texts.get(key) not in (None, "")}
        if not given:
            return
        # An exported row of a recognised model carries its decision as recorded, gaps included; a new row must
        # name the whole decision.
        for key in DECISION_KEYS:
            if key not in given and not _s(texts.get("code")):
                plan.error(key, _("Fill in all three decision columns, or none."))
        if "recognition_date" in given:
            try:
                decided = parse_date(given["recognition_date"])
            except (TypeError, ValueError):
                plan.error("recognition_date", _("“%(value)s” is not a date; write it as dd/mm/yyyy.")
                           % {"value": given["recognition_date"]})
                return
            if decided > self.today:
                plan.error("recognition_date", _("The decision date cannot be in the future."))
            elif decided.year < plan.data.get("year_started", 0):
                plan.error("recognition_date", _("The decision is dated before the year the model started."))
            plan.decision["decision_date"] = decided
        plan.decision["decision_number"] = _s(given.get("recognition_decision"))[:100]
        plan.decision["recognising_body"] = _s(given.get("recognising_body"))[:255]

    def _permission(self, plan):
        agency = plan.data["owner_agency"]
        if plan.decision:
            if not self.is_reviewer:
                plan.error("recognition_decision", _("Only reviewers import models an earlier decision "
                                                     "recognised; leave the decision columns empty."))
            elif agency.pk in self.own_agencies:
                plan.error("owner_agency", _("You belong to this agency (or one above it), so another reviewer "
                                             "must record its recognised models."))
            return
        if not self.user.has_perm("models_registry.add_movementmodel"):
            plan.error("recognition_decision", _("Reviewers import recognised models only: fill in the "
                                                 "decision columns."))
            return
        try:
            check_owner_agency(self.user, agency, own=self.own_agencies)
        except PermissionDenied:
            plan.error("owner_agency", _("You can only import models of your own agency and the agencies "
                                         "under it."))

    def _match(self, plan, code):
        data = plan.data
        if code:
            if code in self.codes_seen:
                plan.error("code", _("The code %(code)s is also on row %(row)s.")
                           % {"code": code, "row": self.codes_seen[code]})
                return
            self.codes_seen[code] = plan.number
            model = self.by_code.get(code)
            if model is None:
                plan.error("code", _("No model has the code %(code)s; leave it empty for a new model.")
                           % {"code": code})
                return
        else:
            # The same model already registered (the file imported before, or re-saved): nothing new.
            name = fold(data["name"])
            model = next((m for m in self.by_place.get(self._place(data), ()) if fold(m.name) == name), None)
            key = (fold(data["name"]), data["owner_agency"].pk, data["registered_unit"].pk, data["field"].pk)
            if key in self.names_seen:
                plan.error("name", _("The same model is already on row %(row)s.") % {"row": self.names_seen[key]})
                return
            self.names_seen[key] = plan.number
            if model is None:
                return
        plan.model = model
        differs = [key for key in CONTENT_KEYS if getattr(model, key) != data[key]]
        decision_differs = plan.decision and (
            model.recognition_decision,
            model.recognition_date,
            model.recognising_body,
        ) != (plan.decision["decision_number"], plan.decision.get("decision_date"), plan.decision["recognising_body"])
        if decision_differs:
            plan.error("recognition_decision", _("%(code)s already records another decision; an import does not "
                                                 "change a decision.") % {"code": model.code})
            return
        if not differs:
            plan.action = UNCHANGED
            plan.notes.append(_("Already registered as %(code)s.") % {"code": model.code})
            return
        if model.pk not in self.editable:
            plan.error("code", _("You may not change %(code)s (%(status)s).")
                       % {"code": model.code, "status": model.get_status_display()})
            return
        if "owner_agency" in differs:
            try:
                check_owner_agency(self.user, data["owner_agency"], own=self.own_agencies)
            except PermissionDenied:
                plan.error("owner_agency", _("You can only import models of your own agency and the agencies "
                                             "under it."))
                return
        plan.action = UPDATE
        plan.data = {key: data[key] for key in differs}
        plan.notes.append(_("Changes: %(columns)s.") % {"columns": ", ".join(_header(key) for key in differs)})

    def _clean(self, plan):
        values = {**({k: getattr(plan.model, k) for k in CONTENT_KEYS} if plan.model else {}), **plan.data}
        candidate = MovementModel(**values, created_at=self.at)
        try:
            # The agency, unit and field come from the registry as read for this file (or from the model itself):
            # full_clean() would only ask the database again, row by row, whether they exist.
            candidate.full_clean(exclude=["code", "created_by", "results_updated_at", "status", "owner_agency",
                                          "registered_unit", "field"], validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    plan.error(name, message)

    def warn(self, plans: list[RowPlan]) -> None:
        """The probable duplicates of the rows to create or update, found for all of them in one go."""
        plans = [plan for plan in plans if plan.action in (CREATE, UPDATE)]
        wanted = [
            (
                plan.data.get("name") or (plan.model.name if plan.model else ""),
                plan.data.get("registered_unit") or plan.model.registered_unit,
                plan.data.get("field") or plan.model.field,
                plan.model.pk if plan.model else None,
            )
            for plan in plans
        ]
        for plan, others in zip(plans, probable_duplicates_of(wanted), strict=True):
            for other in others:
                plan.warnings.append(_("Probably the same as %(code)s “%(name)s” (same unit and field, similar "
                                       "name).") % {"code": other.code, "name": other.name})


def _s(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        return date_format(value, "d/m/Y")
    return str(value)


def validate_file(handle, name: str, user, *, at=None, progress=None) -> Preview:
    """The preview of a file (binary handle): file-level refusals in file_errors, the rows' plans otherwise.
    `progress(rows checked, rows)`, if given, is told as the rows are checked."""
    from .reading import FileRefused

    try:
        table = read_table(handle, name)
    except FileRefused as refusal:
        return Preview(file_errors=[str(refusal)])
    return Validator(user, at=at).validate(table, progress)


def validate_stored(model_import, *, at=None, progress=None) -> Preview:
    """The preview of a stored import, as its importer sees it. A plain function over the stored upload: the
    request runs it for a small file, a background job for a large one."""
    with model_import.file.open("rb") as handle:
        return validate_file(handle, model_import.original_name, model_import.user, at=at, progress=progress)
