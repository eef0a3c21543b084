"""The dashboard's figures, counted in the database with the registry's own definitions.

Every figure is counted with a QuerySet word (ModelWords: in the list, in the list at the end of Y, recognised
in Y, removed in Y, typical, awaiting an answer or a decision) and the list's own agency and unit scope
(`of_agency`, `in_unit`), and carries the /models/ or /directives/ link whose list finds exactly that many rows
(tests/dashboard/test_drilldown.py checks each one; tests/dashboard/test_words.py checks every combination).

Cost: a fixed number of queries whatever the number of models, and none reads the models table. They read
ModelCount, the number of models per combination of the columns the figures count by (a few thousand rows for
a million models), which the database keeps in the same transaction as every change to the models (triggers,
models_registry/count_triggers.py); its columns have the models' names, so the same words filter it. It is
read three times: its span of years; one pass that sums every headline figure and every year's figures as
conditional aggregates; and, restricted to the models in the list, a GROUP BY (field, owning agency, unit), from
which the three breakdowns are summed. The agency and unit trees are small reference tables read whole and
walked in memory (core.trees.Tree). docs/performance.md.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Max, Min, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import address, reverse_pk
from core.trees import Tree
from meetings.choices import AssignmentRole, DirectiveStatus
from meetings.models import DirectiveAssignment
from models_registry.choices import ModelStatus
from models_registry.filtersets import ALL_STATUSES
from models_registry.models import AdministrativeUnit, Agency, Field, ModelCount, MovementModel
from models_registry.models import ModelWords as W

from . import versioning

CACHE_SECONDS = 60 * 60  # a new version makes a new key anyway; this only lets old keys expire
TOP_AGENCIES = 10
TOP_REPLICATED = 5

HEADLINE_LABELS = {
    "in_list": _("Models in the list"),
    "new": _("Newly recognised"),
    "removed": _("Removed from the list"),
    "flagged": _("Flagged, awaiting the agency's answer"),
    "under_review": _("Answered, under review"),
    "typical": _("Typical models"),
    "replicated": _("Replicated models"),
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


def _list_url(viewname: str, params: dict) -> str:
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return address(viewname) + (f"?{query}" if query else "")


def _models_url(**params) -> str:
    return _list_url("models_registry:list", params)


def _directives_url(**params) -> str:
    return _list_url("meetings:directive_list", params)


def scoped_counts(scope: Scope):
    """The models the figures count, as groups with their number (ModelCount, kept by the database in the same
    transaction as every change), with the list's agency and unit filters: the same QuerySet words, since it
    has the models' column names. Drafts are never counted: they are not in any figure, and most readers may
    not see them."""
    counts = ModelCount.objects.filter(n__gt=0).exclude(status=ModelStatus.DRAFT)
    if scope.agency is not None:
        counts = counts.of_agency(scope.agency)
    if scope.unit is not None:
        counts = counts.in_unit(scope.unit)
    return counts


def _number(condition=None):
    """How many models meet `condition`: the sum of their groups' numbers."""
    return Coalesce(Sum("n", filter=condition), 0)


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
    models = scoped_counts(scope)

    # 1. Headline figures and the years: one pass over the model counts, each figure counted with its QuerySet
    # word (ModelWords), the very condition of the list it links to.
    span = models.aggregate(
        first=Min("recognition_year"), recognised=Max("recognition_year"), removed=Max("removal_year")
    )
    first = min(span["first"] or ref_year, ref_year)
    last = max(span["recognised"] or ref_year, span["removed"] or ref_year, ref_year, scope.today.year)
    years = range(first, last + 1)
    listed_now = W.in_list_at_end_of(year) if year else W.in_list()
    counts = models.aggregate(
        in_list=_number(listed_now),
        typical=_number(listed_now & W.typical()),
        flagged=_number(W.awaiting_answer()),
        under_review=_number(W.awaiting_decision()),
        **{f"new_{y}": _number(W.recognised_in(y)) for y in years},
        **{f"removed_{y}": _number(W.removed_in(y)) for y in years},
        **{f"total_{y}": _number(W.in_list_at_end_of(y)) for y in years},
    )
    headline = [
        {"key": "in_list", "value": counts["in_list"], "url": _models_url(**in_list_params)},
        {
            "key": "new",
            "value": counts[f"new_{ref_year}"],
            "url": _models_url(**base, recognition_year=ref_year, status=ALL_STATUSES),
        },
        {"key": "removed", "value": counts[f"removed_{ref_year}"], "url": _models_url(**base, removed_in=ref_year)},
        {"key": "flagged", "value": counts["flagged"], "url": _models_url(**base, status=ModelStatus.FLAGGED)},
        {
            "key": "under_review",
            "value": counts["under_review"],
            "url": _models_url(**base, status=ModelStatus.UNDER_REVIEW),
        },
        {"key": "typical", "value": counts["typical"], "url": _models_url(**in_list_params, typical="true")},
    ]
    replication = _replication(scope, listed_now, in_list_params)
    headline.append(replication["figure"])
    by_year = [
        {
            "year": y,
            "new": counts[f"new_{y}"],
            "new_url": _models_url(**base, recognition_year=y, status=ALL_STATUSES),
            "removed": counts[f"removed_{y}"],
            "removed_url": _models_url(**base, removed_in=y),
            "total": counts[f"total_{y}"],
            "total_url": _models_url(**base, in_list_at=y),
        }
        for y in years
    ]

    # 2. The breakdowns, from the models in the list grouped by (field, owning agency, registered unit).
    listed = models.filter(listed_now)
    cells = list(
        listed.order_by()
        .values_list("field_id", "owner_agency_id", "registered_unit_id")
        .annotate(total=Sum("n"))
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
        "most_replicated": replication["most_replicated"],
        "directives": _directives(scope, agency_tree, directives),
    }


def _replication(scope: Scope, listed_now, in_list_params: dict) -> dict:
    """The models in the list (at the end of the year) that models in the list replicate, and the few that have
    spread furthest: two queries on the models and their links (ModelCount knows nothing of links), with the
    QuerySet's words (has_been_replicated, with_spread) and the list's own agency and unit scope. The figure links
    to the list filtered by the same word, sorted by spread; each of the top few to its model's page."""
    models = MovementModel.objects.filter(listed_now)
    if scope.agency is not None:
        models = models.of_agency(scope.agency)
    if scope.unit is not None:
        models = models.in_unit(scope.unit)
    replicated = models.has_been_replicated()
    top = replicated.with_spread().order_by("-spread", "code", "pk").values("pk", "code", "name", "spread")
    return {
        "figure": {
            "key": "replicated",
            "value": replicated.count(),
            "url": _models_url(**in_list_params, replicated="true", o="-spread"),
        },
        "most_replicated": [
            {**row, "url": reverse_pk("models_registry:detail", row["pk"])} for row in top[:TOP_REPLICATED]
        ],
    }


def _agency_tree():
    """The agency tree in memory and the agencies' short names: the breakdowns walk it once per row."""
    agencies = list(Agency.objects.values_list("pk", "parent_id", "name", "short_name"))
    names = {pk: short or name for pk, _p, name, short in agencies}
    return Tree((pk, parent) for pk, parent, _n, _s in agencies), names


def _by_agency(scope: Scope, agency_tree, per_agency: dict, in_list_params: dict) -> dict:
    """Per agency, with the agencies under it, exactly as the list's agency filter counts.

    The rows are the agencies one level below the scope: the top-level agencies for the province, the
    agencies directly under the chosen (or an official's) agency otherwise. The scope agency's own models
    make one more row, which no list filter isolates, so it has no link."""
    tree, names = agency_tree
    root = scope.agency.pk if scope.agency else None
    top = tree.children.get(root, []) if root else [pk for pk in names if not tree.has_parent(pk)]
    rows = []
    for pk in top:
        value = sum(per_agency.get(member, 0) for member in tree.descendants(pk))
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
    tree = AdministrativeUnit.objects.tree()
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
        value = sum(per_unit.get(member, 0) for member in tree.descendants(pk))
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
    tree, names = agency_tree
    by_agency = defaultdict(set)
    for directive_id, agency_id, _role in parts:
        by_agency[agency_id].add(directive_id)
    leads = {agency_id for _d, agency_id, role in parts if role == AssignmentRole.LEAD}
    if scope.agency is not None:
        # Only the lead agencies within the scope: the list of another agency's directives would hold
        # directives outside it.
        leads &= tree.descendants(scope.agency.pk)
    rows = []
    for pk in leads:
        assigned = set().union(*(by_agency.get(member, ()) for member in tree.descendants(pk)))
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
