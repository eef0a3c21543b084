"""The change history of a model, as a timeline a reader understands: who changed what, when.

django-simple-history stores a full snapshot per save; this module turns consecutive snapshots of the
model, its indicators and its attachments into entries with "field: old → new" lines.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from django.db import models
from django.db.models import Value
from django.utils.translation import gettext_lazy as _

from core.templatetags.formatting import display_number
from core.workflow import HISTORY_REASON_PREFIX

from .choices import ReplicationKind
from .imports.saving import import_number
from .models import AdministrativeUnit, Agency, Field, IndicatorType, ModelAttachment, ModelIndicator, Replication

# simple-history keeps each snapshot's co-operating agencies in a table of its own, reached by this name.
_M2M_SNAPSHOTS = "historicalmovementmodel_cooperating_agencies_set"
SAME_SAVE = timedelta(seconds=2)
_HIDDEN_FIELDS = {"version", "updated_at", "created_at", "created_by", "code", "results_updated_at"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    summary: str
    changes: list[Change] = field(default_factory=list)
    event: object = None  # a ModelEvent: a workflow step, shown with its reason, decision and files


class _Names:
    """Resolves ids in snapshots to names with one query per referenced table."""

    def __init__(self, records):
        wanted: dict[type, set] = {}
        for record in records:
            for f in record.instance_type._meta.concrete_fields:
                if f.is_relation and f.related_model in (Agency, AdministrativeUnit, Field, IndicatorType):
                    wanted.setdefault(f.related_model, set()).add(getattr(record, f.attname))
            for agency in getattr(record, "_m2m_agency_ids", ()):
                wanted.setdefault(Agency, set()).add(agency)
        self.names = {model: {} for model in wanted}
        # One query for every referenced table (a UNION), not one per table.
        parts = [
            model.objects.filter(pk__in=ids - {None})
            .annotate(table=Value(model._meta.label))
            .order_by()
            .values_list("table", "pk", "name")
            for model, ids in wanted.items()
            if ids - {None}
        ]
        if parts:
            by_label = {model._meta.label: model for model in wanted}
            for table, pk, name in parts[0].union(*parts[1:], all=True):
                self.names[by_label[table]][pk] = name

    def show(self, model_field: models.Field, value) -> str:
        if value in (None, ""):
            return "—"
        if model_field.is_relation:
            return self.names.get(model_field.related_model, {}).get(value, f"#{value}")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        return str(value)


def _field_changes(old, new, names: _Names) -> list[Change]:
    changes = []
    recorded = {field.attname for field in type(new)._meta.concrete_fields}  # the history's excluded_fields are not
    for f in new.instance_type._meta.concrete_fields:
        if f.name in _HIDDEN_FIELDS or f.name == "id" or f.attname not in recorded:
            continue
        before, after = getattr(old, f.attname), getattr(new, f.attname)
        if before != after:
            changes.append(Change(str(f.verbose_name).capitalize(), names.show(f, before), names.show(f, after)))
    if old._m2m_agency_ids != new._m2m_agency_ids:
        changes.append(
            Change(
                str(_("Co-operating agencies")),
                ", ".join(sorted(names.names[Agency][pk] for pk in old._m2m_agency_ids)) or "—",
                ", ".join(sorted(names.names[Agency][pk] for pk in new._m2m_agency_ids)) or "—",
            )
        )
    return changes


def _from_import(action, record) -> str:
    """The entry's action, saying which import it came from when it did."""
    number = import_number(record.history_change_reason)
    if number is None:
        return str(action)
    return _("%(action)s (from import #%(number)s)") % {"action": action, "number": number}


def _evidence_by_event(attachment_records) -> dict[int, list]:
    """The files given with each workflow step (event id -> each file's latest snapshot, with its `id` and
    `original_name`), read from the attachment history already loaded (oldest first) instead of asking the
    database once more: evidence is a model attachment that points at its step."""
    latest = {record.id: record for record in attachment_records}
    evidence: dict[int, list] = {}
    for record in sorted(latest.values(), key=lambda record: (record.uploaded_at, record.id)):
        if record.history_type != "-" and record.event_id:
            evidence.setdefault(record.event_id, []).append(record)
    return evidence


def model_timeline(model) -> list[HistoryEntry]:
    """Newest first: every save of the model, and every indicator and attachment added, changed or removed."""
    records = list(
        model.history.select_related("history_user")
        .prefetch_related(_M2M_SNAPSHOTS)
        .order_by("history_date", "history_id")
    )
    for record in records:
        record._m2m_agency_ids = frozenset(row.agency_id for row in getattr(record, _M2M_SNAPSHOTS).all())
    indicator_records = list(
        ModelIndicator.history.filter(model_id=model.pk).select_related("history_user").order_by("history_date")
    )
    attachment_records = list(
        ModelAttachment.history.filter(model_id=model.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    names = _Names(records + indicator_records)
    entries: list[HistoryEntry] = []
    entry_of_snapshot: dict[int, HistoryEntry] = {}
    if records:
        created = HistoryEntry(
            records[0].history_date, records[0].history_user, _from_import(_("Created the model"), records[0])
        )
        entries.append(created)
        entry_of_snapshot[records[0].history_id] = created
    for old, new in pairwise(records):
        # Saves made by a workflow step carry the workflow's change reason; the step's ModelEvent stands for them.
        if (new.history_change_reason or "").startswith(HISTORY_REASON_PREFIX):
            continue
        changes = _field_changes(old, new, names)
        if not changes:
            continue
        # One form save writes two snapshots when the co-operating agencies change too (the m2m is
        # saved after the row): show them as the single change the user made.
        only_agencies = old._m2m_agency_ids != new._m2m_agency_ids and len(changes) == 1
        same_save = new.history_user_id == old.history_user_id and new.history_date - old.history_date < SAME_SAVE
        if only_agencies and same_save and old.history_id in entry_of_snapshot:
            # After a creation the creation entry stands for the initial values; otherwise the
            # agencies join the changes of the row's save.
            if entry_of_snapshot[old.history_id] is not created:
                entry_of_snapshot[old.history_id].changes.extend(changes)
            continue
        entry = HistoryEntry(new.history_date, new.history_user, _from_import(_("Changed the model"), new), changes)
        entries.append(entry)
        entry_of_snapshot[new.history_id] = entry

    indicator_type = ModelIndicator._meta.get_field("indicator_type")
    for record in indicator_records:
        label = f"{names.show(indicator_type, record.indicator_type_id)} {record.year}"
        summary = {
            "+": _("Recorded indicator %(label)s: %(value)s"),
            "~": _("Changed indicator %(label)s to %(value)s"),
            "-": _("Removed indicator %(label)s (was %(value)s)"),
        }[record.history_type]
        entries.append(
            HistoryEntry(
                record.history_date,
                record.history_user,
                str(summary % {"label": label, "value": display_number(record.value)}),
            )
        )
    for record in attachment_records:
        if record.history_type == "+":
            summary = _("Attached %(name)s")
        elif record.removed_at:
            summary = _("Removed attachment %(name)s")
        else:
            continue
        entries.append(
            HistoryEntry(record.history_date, record.history_user, str(summary % {"name": record.original_name}))
        )
    # The models it says it replicates: each link added, corrected or taken away (by its official or a reviewer).
    link_records = Replication.history.filter(replica_id=model.pk).select_related("history_user", "source")
    for record in link_records:
        summary = {
            "+": _("Said it replicates %(code)s (%(kind)s)"),
            "~": _("Changed how it replicates %(code)s: %(kind)s"),
            "-": _("Took away that it replicates %(code)s"),
        }[record.history_type]
        kind = ReplicationKind(record.kind).label if record.kind in ReplicationKind.values else record.kind
        entries.append(
            HistoryEntry(
                record.history_date,
                record.history_user,
                str(summary % {"code": record.source.code if record.source else f"#{record.source_id}", "kind": kind}),
            )
        )
    evidence = _evidence_by_event(attachment_records)
    for event in model.events.select_related("actor", "flag"):
        event.evidence = evidence.get(event.pk, [])
        entries.append(HistoryEntry(event.at, event.actor, event.get_transition_display(), event=event))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
