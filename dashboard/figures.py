"""The dashboard's figures, counted in the database with the registry's own definitions.

Everything here is built on MovementModelQuerySet (in_list, in_list_at_end_of, recognised_in, removed_in)
and on the list's filters (ModelScopeFilterSet), and every figure carries the /models/ or /directives/
link whose list finds exactly that many rows (tests/dashboard/test_drilldown.py checks each one).

Cost: a fixed number of queries whatever the number of models. The models table is read twice, both
times grouped in the database: once by (recognition year, removal year, status, typical), a few hundred
groups at most, from which the headline figures and the years are summed; once, restricted to the models
in the list, by (field, owning agency, unit), a few thousand groups, from which the three breakdowns are
summed. The agency and unit trees are small reference tables read whole and walked in Python.

Both GROUP BY queries count rows with COUNT(*), not COUNT(id): every column they read is then in the
covering index model_dashboard_idx, and PostgreSQL answers them from that index alone (10 MB at a million
models, against 235 MB of table). docs/benchmarks-dashboard.md.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.choices import AssignmentRole, DirectiveStatus
from meetings.models import DirectiveAssignment
from models_registry.choices import IN_LIST_STATUSES, ModelStatus
from models_registry.filtersets import ALL_STATUSES, ModelScopeFilterSet
from models_registry.models import AdministrativeUnit, Agency, Field, MovementModel, UnitSuccession

from . import versioning

CACHE_SECONDS = 60 * 60  # a new version makes a new key anyway; this only lets old keys expire
TOP_AGENCIES = 10

HEADLINE_LABELS = {
    "in_list": _("Models in the list"),
    "new": _("Newly recognised"),
    "removed": _("Removed from the list"),
    "flagged": _("Flagged, awaiting the agency's answer"),
    "under_review": _("Answered, under review"),
    "typical": _("Typical models"),
}
DIRECTIVE_LABELS = {
    DirectiveStatus.OPEN: _("Open"),
    DirectiveStatus.IN_PROGRESS: _("In progress"),
    DirectiveStatus.OVERDUE: _("Overdue"),
    DirectiveStatus.DONE: _("Done"),
}


@dataclass(frozen=True)
class Scope:
    """Which models and directives the figures are about, and as of when.

    `agency` is the chosen agency, or an official's own agency when they chose none (officials are
    always limited to their agency and the agencies under it); `unit` the chosen unit; `year` the chosen
    year (None: the list today, and "new/removed" in the current year)."""

    agency: Agency | None
    unit: AdministrativeUnit | None
    year: int | None
    sees_draft_meetings: bool
    today: datetime.date

    @property
    def ref_year(self) -> int:
        return self.year or self.today.year

    def cache_key(self) -> str:
        return ":".join(
            str(part)
            for part in (
                "dashboard",
                versioning.current(),
                self.today.isoformat(),
                self.agency.pk if self.agency else "-",
                self.unit.pk if self.unit else "-",
                self.year or "-",
                int(self.sees_draft_meetings),
            )
        )


def _models_url(**params) -> str:
    params = {key: value for key, value in params.items() if value is not None}
    query = urlencode(params)
    return reverse("models_registry:list") + (f"?{query}" if query else "")


def _directives_url(**params) -> str:
    params = {key: value for key, value in params.items() if value is not None}
    query = urlencode(params)
    return reverse("meetings:directive_list") + (f"?{query}" if query else "")


def scoped_models(scope: Scope):
    """The models the figures count: the list's agency and unit filters, applied as the list applies them.

    Drafts are never counted: they are not in any figure, and most readers may not see them."""
    models = MovementModel.objects.exclude(status=ModelStatus.DRAFT)
    filters = ModelScopeFilterSet(queryset=MovementModel.objects.none())
    if scope.agency is not None:
        models = filters.filter_agency(models, "agency", scope.agency)
    if scope.unit is not None:
        models = filters.filter_unit(models, "unit", scope.unit)
    return models


def in_list_at_end(recognition_year, removal_year, status, year: int | None) -> bool:
    """MovementModelQuerySet.in_list() (year None) or .in_list_at_end_of(year), for one group of rows.

    It mirrors the querysets over the few grouped rows; the drill-down test proves it finds what they find."""
    if year is None:
        return status in IN_LIST_STATUSES
    if recognition_year is None or recognition_year > year:
        return False
    return status in IN_LIST_STATUSES or (status == ModelStatus.REMOVED and removal_year > year)


def _children_map(pairs):
    children = defaultdict(list)
    for child, parent in pairs:
        if parent is not None:
            children[parent].append(child)
    return children


def _reachable(children, start) -> set:
    """Like models_registry.trees.reachable_ids, over edges already read into memory."""
    seen, todo = {start}, [start]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def compute(scope: Scope, directives) -> dict:
    """All figures for `scope`, as plain data (cached, and handed to the page, the charts and the exports).

    `directives` is the Directive queryset the user may read."""
    year = scope.year
    ref_year = scope.ref_year
    base = {
        "agency": scope.agency.pk if scope.agency else None,
        "unit": scope.unit.pk if scope.unit else None,
    }
    in_list_params = {**base, "in_list_at": year}
    models = scoped_models(scope)

    # 1. Headline figures and the years, from the groups by (recognition year, removal year, status, typical).
    groups = list(
        models.order_by().values_list("recognition_year", "removal_year", "status", "is_typical").annotate(n=Count("*"))
    )
    totals = defaultdict(int)
    new_by_year, removed_by_year = defaultdict(int), defaultdict(int)
    for recognition_year, removal_year, status, is_typical, n in groups:
        if in_list_at_end(recognition_year, removal_year, status, year):
            totals["in_list"] += n
            if is_typical:
                totals["typical"] += n
        if recognition_year is not None:
            new_by_year[recognition_year] += n
        if status == ModelStatus.REMOVED:
            removed_by_year[removal_year] += n
        if status in (ModelStatus.FLAGGED, ModelStatus.UNDER_REVIEW):
            totals[status] += n
    headline = [
        {"key": "in_list", "value": totals["in_list"], "url": _models_url(**in_list_params)},
        {
            "key": "new",
            "value": new_by_year[ref_year],
            "url": _models_url(**base, recognition_year=ref_year, status=ALL_STATUSES),
        },
        {"key": "removed", "value": removed_by_year[ref_year], "url": _models_url(**base, removed_in=ref_year)},
        {
            "key": "flagged",
            "value": totals[ModelStatus.FLAGGED],
            "url": _models_url(**base, status=ModelStatus.FLAGGED),
        },
        {
            "key": "under_review",
            "value": totals[ModelStatus.UNDER_REVIEW],
            "url": _models_url(**base, status=ModelStatus.UNDER_REVIEW),
        },
        {"key": "typical", "value": totals["typical"], "url": _models_url(**in_list_params, typical="true")},
    ]

    first_year = min([*new_by_year, *removed_by_year], default=ref_year)
    by_year = []
    for y in range(min(first_year, ref_year), max(ref_year, scope.today.year) + 1):
        total = sum(n for r, rm, s, _t, n in groups if in_list_at_end(r, rm, s, y))
        by_year.append(
            {
                "year": y,
                "new": new_by_year[y],
                "new_url": _models_url(**base, recognition_year=y, status=ALL_STATUSES),
                "removed": removed_by_year[y],
                "removed_url": _models_url(**base, removed_in=y),
                "total": total,
                "total_url": _models_url(**base, in_list_at=y),
            }
        )

    # 2. The breakdowns, from the models in the list grouped by (field, owning agency, registered unit).
    listed = models.in_list_at_end_of(year) if year else models.in_list()
    cells = list(
        listed.order_by().values_list("field_id", "owner_agency_id", "registered_unit_id").annotate(n=Count("*"))
    )
    per_field, per_agency, per_unit = defaultdict(int), defaultdict(int), defaultdict(int)
    for field_id, agency_id, unit_id, n in cells:
        per_field[field_id] += n
        per_agency[agency_id] += n
        per_unit[unit_id] += n

    by_field = [
        {"label": field.name, "value": per_field[field.pk], "url": _models_url(**in_list_params, field=field.pk)}
        for field in Field.objects.all()
        if per_field[field.pk] or field.is_active
    ]

    agency_tree = _agency_tree()
    return {
        "year": year,
        "ref_year": ref_year,
        "today": scope.today.isoformat(),
        "headline": headline,
        "by_field": by_field,
        **_by_agency(scope, agency_tree, per_agency, in_list_params),
        "by_unit": _by_unit(scope, per_unit, in_list_params),
        "by_year": by_year,
        "directives": _directives(scope, agency_tree, directives),
    }


def _with_parent(children: dict) -> set:
    return {child for kids in children.values() for child in kids}


def _agency_tree():
    agencies = list(Agency.objects.values_list("pk", "parent_id", "name", "short_name"))
    children = _children_map((pk, parent) for pk, parent, _n, _s in agencies)
    names = {pk: short or name for pk, _p, name, short in agencies}
    return children, names


def _by_agency(scope: Scope, agency_tree, per_agency: dict, in_list_params: dict) -> dict:
    """Per agency, with the agencies under it, exactly as the list's agency filter counts.

    The rows are the agencies one level below the scope: the top-level agencies for the province, the
    agencies directly under the chosen (or an official's) agency otherwise. The scope agency's own models
    make one more row, which no list filter isolates, so it has no link."""
    children, names = agency_tree
    root = scope.agency.pk if scope.agency else None
    if root:
        top = children.get(root, [])
    else:
        below = _with_parent(children)
        top = [pk for pk in names if pk not in below]
    rows = []
    for pk in top:
        value = sum(per_agency.get(member, 0) for member in _reachable(children, pk))
        if value:
            rows.append({"label": names[pk], "value": value, "url": _models_url(**{**in_list_params, "agency": pk})})
    rows.sort(key=lambda row: (-row["value"], row["label"]))
    if root and per_agency.get(root):
        rows.append({"label": names[root], "value": per_agency[root], "url": None, "own": True})
    chart = rows[:TOP_AGENCIES]
    others = rows[TOP_AGENCIES:]
    if others:
        chart = [*chart, {"label": None, "value": sum(row["value"] for row in others), "url": None, "others": True}]
    return {"by_agency": rows, "by_agency_chart": chart}


def _by_unit(scope: Scope, per_unit: dict, in_list_params: dict) -> list:
    """Per administrative unit of today, one level below the scope.

    Grouping by today's units answers "where are the models now": since July 2025 the province's
    units are its communes and wards, and a model registered in 2023 in a commune merged in 2025 counts
    under the commune that stands for it today, exactly as the list's unit filter (counted_under) finds it.
    With a unit chosen the rows are today's units beneath it (or the unit itself if none). A commune split
    between several new communes counts under each of them, as the list does; models registered at the
    provincial or district level, or in a unit that ended without a recorded successor, are under none."""
    units = list(AdministrativeUnit.objects.values_list("pk", "parent_id", "name", "level", "valid_to"))
    edges = [(pk, parent) for pk, parent, _n, _l, _v in units]
    edges += list(UnitSuccession.objects.values_list("predecessor_id", "successor_id"))
    children = _children_map(edges)
    current = {pk: name for pk, _p, name, _l, valid_to in units if valid_to is None}
    if scope.unit is not None:
        rows = [pk for pk, parent, *_ in units if parent == scope.unit.pk and pk in current] or [scope.unit.pk]
        names = {**current, scope.unit.pk: scope.unit.name}
    else:
        provinces = {pk for pk, _p, _n, level, valid_to in units if level == "province" and valid_to is None}
        rows = [pk for pk, parent, *_ in units if parent in provinces and pk in current]
        names = current
    result = []
    for pk in rows:
        value = sum(per_unit.get(member, 0) for member in _reachable(children, pk))
        if value:
            result.append({"label": names[pk], "value": value, "url": _models_url(**{**in_list_params, "unit": pk})})
    result.sort(key=lambda row: (-row["value"], row["label"]))
    return result


def _directives(scope: Scope, agency_tree, directives) -> dict:
    """Directive counts by status, and per lead agency: the directives in which it (or an agency under it)
    has a part, as the directives list's agency filter finds them. The year and unit do not apply."""
    today = scope.today
    if scope.agency is not None:
        directives = directives.assigned_to(scope.agency)
    statuses = dict(directives.with_status(today).order_by().values_list("pk", "current_status"))
    base = {"agency": scope.agency.pk if scope.agency else None}
    counts = defaultdict(int)
    for status in statuses.values():
        counts[status] += 1
    status_rows = [
        {"key": str(status), "value": counts[status], "url": _directives_url(**base, status=status)}
        for status in DIRECTIVE_LABELS
    ]

    parts = list(
        DirectiveAssignment.objects.filter(directive__in=directives.values("pk")).values_list(
            "directive_id", "agency_id", "role"
        )
    )
    children, names = agency_tree
    by_agency = defaultdict(set)
    for directive_id, agency_id, _role in parts:
        by_agency[agency_id].add(directive_id)
    leads = {agency_id for _d, agency_id, role in parts if role == AssignmentRole.LEAD}
    if scope.agency is not None:
        # Only the lead agencies within the scope: the list of another agency's directives would hold
        # directives outside it.
        leads &= _reachable(children, scope.agency.pk)
    rows = []
    for pk in leads:
        assigned = set().union(*(by_agency.get(member, ()) for member in _reachable(children, pk)))
        done = sum(1 for d in assigned if statuses[d] == DirectiveStatus.DONE)
        overdue = sum(1 for d in assigned if statuses[d] == DirectiveStatus.OVERDUE)
        rows.append(
            {
                "label": names[pk],
                "assigned": len(assigned),
                "assigned_url": _directives_url(agency=pk),
                "done": done,
                "done_url": _directives_url(agency=pk, status=DirectiveStatus.DONE),
                "overdue": overdue,
                "overdue_url": _directives_url(agency=pk, status=DirectiveStatus.OVERDUE),
            }
        )
    rows.sort(key=lambda row: (-row["overdue"], -row["assigned"], row["label"]))
    return {"total": len(statuses), "total_url": _directives_url(**base), "counts": status_rows, "by_agency": rows}


def figures_for(scope: Scope, directives) -> dict:
    """compute(), cached under the scope and the registry version (a change anywhere makes a new key)."""
    key = scope.cache_key()
    data = cache.get(key)
    if data is None:
        data = compute(scope, directives)
        cache.set(key, data, CACHE_SECONDS)
    return data


def today() -> datetime.date:
    return timezone.localdate()
