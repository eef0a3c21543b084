"""A directive's whole timeline, as a reader understands it: when it was given and to whom, every change
to it (with the reason), and every report, completion, confirmation and reopening of an agency's part."""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from django.utils.translation import gettext as _

from models_registry.models import Agency, MovementModel

from .choices import AssignmentRole
from .models import DirectiveAssignment, ProgressEntry, ReferenceDocument
from .services import WITH_DIRECTIVE_RECORD

# simple-history keeps each snapshot's many-to-many links in tables of their own, reached by these names.
_DOCUMENT_LINKS = "historicaldirective_documents_set"
_MODEL_LINKS = "historicaldirective_registry_models_set"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    when: datetime
    who: object
    summary: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    entry: ProgressEntry | None = None  # an agency's report, or the secretary's confirmation or reopening


def _links(record) -> tuple[frozenset, frozenset]:
    return (
        frozenset(row.referencedocument_id for row in getattr(record, _DOCUMENT_LINKS).all()),
        frozenset(row.movementmodel_id for row in getattr(record, _MODEL_LINKS).all()),
    )


def _deadline(record) -> str:
    if record.is_ongoing:
        return _("Regular/ongoing")
    return record.deadline.strftime("%d/%m/%Y") if record.deadline else "—"


def _names(ids, names) -> str:
    return ", ".join(sorted(names.get(pk, f"#{pk}") for pk in ids)) or "—"


def directive_timeline(directive) -> list[TimelineEntry]:
    """Newest first."""
    records = list(
        directive.history.select_related("history_user")
        .prefetch_related(_DOCUMENT_LINKS, _MODEL_LINKS)
        .order_by("history_date", "history_id")
    )
    links = {record.history_id: _links(record) for record in records}
    parts = list(
        DirectiveAssignment.history.filter(directive_id=directive.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    document_ids = {pk for documents, _models in links.values() for pk in documents}
    model_ids = {pk for _documents, models in links.values() for pk in models}
    document_names = dict(ReferenceDocument.objects.filter(pk__in=document_ids).values_list("pk", "number"))
    model_names = dict(MovementModel.objects.filter(pk__in=model_ids).values_list("pk", "code"))
    agency_names = dict(Agency.objects.filter(pk__in={part.agency_id for part in parts}).values_list("pk", "name"))
    roles = dict(AssignmentRole.choices)

    # The assignment rows saved with a write of the directive are shown with that write.
    with_record: dict[int, list[Change]] = {}
    standalone = []
    previous_role: dict[int, str] = {}
    for part in parts:
        reason = part.history_change_reason or ""
        if reason.startswith("progress:"):
            continue  # a state change: its ProgressEntry stands for it
        agency = agency_names.get(part.agency_id, f"#{part.agency_id}")
        if part.history_type == "+":
            change = Change(str(roles[part.role]), "", agency)
        elif part.history_type == "-":
            change = Change(str(roles[part.role]), agency, "—")
        elif previous_role.get(part.id) != part.role:
            change = Change(agency, str(roles.get(previous_role.get(part.id), "—")), str(roles[part.role]))
        else:
            continue
        previous_role[part.id] = part.role
        if reason.startswith(WITH_DIRECTIVE_RECORD):
            with_record.setdefault(int(reason.removeprefix(WITH_DIRECTIVE_RECORD)), []).append(change)
        else:
            standalone.append(
                TimelineEntry(part.history_date, part.history_user, _("Changed the assignments"), [change])
            )

    entries: list[TimelineEntry] = []
    if records:
        first = records[0]
        documents, models = links[first.history_id]
        changes = [
            Change(_("Deadline"), "", _deadline(first)),
            *with_record.get(first.history_id, []),
        ]
        if documents:
            changes.append(Change(_("Documents concerned"), "", _names(documents, document_names)))
        if models:
            changes.append(Change(_("Models concerned"), "", _names(models, model_names)))
        entries.append(TimelineEntry(first.history_date, first.history_user, _("Gave the directive"), changes))
    for old, new in pairwise(records):
        changes = []
        if old.text != new.text:
            changes.append(Change(_("Directive"), old.text, new.text))
        if (old.deadline, old.is_ongoing) != (new.deadline, new.is_ongoing):
            changes.append(Change(_("Deadline"), _deadline(old), _deadline(new)))
        (old_documents, old_models), (new_documents, new_models) = links[old.history_id], links[new.history_id]
        if old_documents != new_documents:
            changes.append(
                Change(
                    _("Documents concerned"),
                    _names(old_documents, document_names),
                    _names(new_documents, document_names),
                )
            )
        if old_models != new_models:
            changes.append(
                Change(_("Models concerned"), _names(old_models, model_names), _names(new_models, model_names))
            )
        changes.extend(with_record.get(new.history_id, []))
        if changes:
            entries.append(
                TimelineEntry(
                    new.history_date,
                    new.history_user,
                    _("Amended the directive"),
                    changes,
                    reason=new.history_change_reason or "",
                )
            )
    entries.extend(standalone)
    progress = (
        ProgressEntry.objects.filter(assignment__directive=directive)
        .select_related("actor", "assignment__agency")
        .prefetch_related("attachments")
    )
    for entry in progress:
        entries.append(
            TimelineEntry(
                entry.at,
                entry.actor,
                f"{entry.assignment.agency.name}: {entry.get_action_display()}",
                entry=entry,
            )
        )
    entries.sort(key=lambda item: item.when, reverse=True)
    return entries
