"""Directives and their follow-up: given from a meeting to a lead agency and co-operating ones, reported on by
each agency, confirmed or reopened by the secretary. Every function takes `at=` (now by default)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.notifications import notify
from core.files import validate_upload
from core.history import stamp
from core.workflow import apply_transition

from ..choices import AssignmentRole, ProgressAction
from ..models import Directive, DirectiveAssignment, Meeting, ProgressAttachment, ProgressEntry
from .common import agency_officials, notify_assigned, require, save_with_history


def _check_directive(meeting: Meeting, *, text: str, lead_agency, cooperating_agencies, deadline, is_ongoing) -> None:
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the directive.")
    if lead_agency is None:
        errors["lead_agency"] = _("Choose the lead agency.")
    elif lead_agency in cooperating_agencies:
        errors["cooperating_agencies"] = _("The lead agency cannot also be a co-operating agency.")
    if is_ongoing and deadline:
        errors["deadline"] = _("A regular/ongoing directive has no deadline: clear one of the two.")
    elif not is_ongoing and not deadline:
        errors["deadline"] = _("Give a deadline, or mark the directive as regular/ongoing.")
    elif deadline and deadline < meeting.date:
        errors["deadline"] = _("The deadline cannot be before the meeting (%(date)s).") % {
            "date": meeting.date.strftime("%d/%m/%Y")
        }
    if errors:
        raise ValidationError(errors)


# Assignment rows saved with a directive's write carry this reason and the id of the directive's history
# record, so the timeline shows them as part of that change (history.directive_timeline).
WITH_DIRECTIVE_RECORD = "with-directive-record:"


def _set_assignments(directive: Directive, user, lead_agency, cooperating_agencies, at=None) -> list:
    """Make the directive's parts: the lead agency and the co-operating ones. Returns the newly assigned
    agencies. A part that has been reported on stays: its reports are the directive's record."""
    record = directive.history.order_by("-history_id").values_list("history_id", flat=True).first()
    reason = f"{WITH_DIRECTIVE_RECORD}{record}"
    wanted = {agency.pk: AssignmentRole.COOPERATING for agency in cooperating_agencies}
    wanted[lead_agency.pk] = AssignmentRole.LEAD
    existing = {part.agency_id: part for part in directive.assignments.select_related("agency")}
    for agency_id, part in existing.items():
        if agency_id not in wanted:
            if part.entries.exists():
                raise ValidationError(
                    _("%(agency)s has already reported on this directive, so it stays assigned."),
                    params={"agency": part.agency.name},
                    code="part_has_reports",
                )
            # Never reported on; its history row keeps the assignment.
            stamp(part, user=user, at=at, reason=reason).delete()
    # One lead per directive is a database constraint: step the former lead down before the new one.
    kept = sorted(
        (part for agency_id, part in existing.items() if agency_id in wanted),
        key=lambda part: wanted[part.agency_id] == AssignmentRole.LEAD,
    )
    for part in kept:
        if part.role != wanted[part.agency_id]:
            part.role = wanted[part.agency_id]
            stamp(part, user=user, at=at, reason=reason).save(update_fields=["role"])
    added = []
    for agency in sorted([*cooperating_agencies, lead_agency], key=lambda a: a.pk == lead_agency.pk):
        if agency.pk not in existing:
            part = DirectiveAssignment(directive=directive, agency=agency, role=wanted[agency.pk])
            stamp(part, user=user, at=at, reason=reason).save()
            added.append(agency)
    return added


def directive_create(
    *,
    meeting: Meeting,
    user,
    text: str,
    lead_agency,
    cooperating_agencies=(),
    deadline=None,
    is_ongoing: bool = False,
    documents=(),
    registry_models=(),
    at=None,
) -> Directive:
    """Turn a conclusion of the meeting into a directive for a lead agency and co-operating agencies."""
    require(user, "meetings.add_directive", _("Only secretaries can give directives."))
    cooperating_agencies = list(cooperating_agencies)
    _check_directive(
        meeting,
        text=text,
        lead_agency=lead_agency,
        cooperating_agencies=cooperating_agencies,
        deadline=deadline,
        is_ongoing=is_ongoing,
    )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        last = locked.directives.order_by("-number").values_list("number", flat=True).first() or 0
        directive = Directive(
            meeting=locked,
            number=last + 1,
            text=text.strip(),
            deadline=deadline,
            is_ongoing=is_ongoing,
            created_by=user,
        )
        directive.full_clean(exclude=["number"])
        save_with_history(
            directive, user=user, m2m={"documents": documents, "registry_models": registry_models}, at=at
        )
        added = _set_assignments(directive, user, lead_agency, cooperating_agencies, at=at)
        notify_assigned(directive, added, at=at)
    return directive


def directive_update(
    *,
    directive: Directive,
    user,
    reason: str = "",
    text: str,
    lead_agency,
    cooperating_agencies=(),
    deadline=None,
    is_ongoing: bool = False,
    documents=(),
    registry_models=(),
    at=None,
) -> Directive:
    """Amend a directive: its text, agencies, deadline or links. Once its meeting is published, say why."""
    require(user, "meetings.change_directive", _("Only secretaries can amend directives."))
    cooperating_agencies = list(cooperating_agencies)
    if directive.meeting.is_published and not reason.strip():
        raise ValidationError({"reason": _("Say why the directive is amended.")})
    _check_directive(
        directive.meeting,
        text=text,
        lead_agency=lead_agency,
        cooperating_agencies=cooperating_agencies,
        deadline=deadline,
        is_ongoing=is_ongoing,
    )
    with transaction.atomic():
        directive = Directive.objects.select_for_update().get(pk=directive.pk)
        directive.text, directive.deadline, directive.is_ongoing = text.strip(), deadline, is_ongoing
        directive.full_clean()
        save_with_history(
            directive,
            user=user,
            reason=reason.strip(),
            m2m={"documents": documents, "registry_models": registry_models},
            at=at,
        )
        added = _set_assignments(directive, user, lead_agency, cooperating_agencies, at=at)
        notify_assigned(directive, added, at=at)
    return directive


# Progress of a directive -------------------------------------------------------------------------
#
# Every move of an agency's part goes through _move(): it locks the part, lets the state machine on
# DirectiveAssignment refuse an illegal move, saves, and appends the ProgressEntry that the directive's
# timeline shows.

_MOVES = {
    ProgressAction.REPORT: "report",
    ProgressAction.DONE: "mark_done",
    ProgressAction.CONFIRM: "confirm",
    ProgressAction.REOPEN: "reopen",
}


def _move(assignment: DirectiveAssignment, action: ProgressAction, *, actor, at=None, attachments=(), **entry_fields):
    """Make one move of an agency's part and append its ProgressEntry (with its files) to the timeline."""

    def record(move):
        entry = ProgressEntry.objects.create(
            assignment=move.record,
            action=action,
            from_state=move.from_state,
            to_state=move.to_state,
            actor=move.actor,
            at=move.at,
            **entry_fields,
        )
        for upload in attachments:
            ProgressAttachment.build(upload, user=move.actor, at=move.at, entry=entry).save()
        return entry

    return apply_transition(
        assignment,
        _MOVES[action],
        actor=actor,
        at=at,
        label=str(action.label),
        record=record,
        history_reason=f"progress:{action}",
        illegal=_("“%(action)s” is not possible for a part that is “%(state)s”."),
    )


def _check_reporter(user, assignment: DirectiveAssignment) -> None:
    if not DirectiveAssignment.objects.reportable_by(user).filter(pk=assignment.pk).exists():
        raise PermissionDenied(
            _("Only officials of the assigned agency (or an agency above it) can report on this part.")
        )


def _check_report(text: str, percent, attachments) -> None:
    if not text.strip():
        raise ValidationError({"text": _("Say what has been done.")})
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("The percentage is between 0 and 100.")})
    for upload in attachments:
        validate_upload(upload)


def _followers(directive: Directive) -> list:
    """Whoever gave the directive and whoever recorded its meeting."""
    return [directive.created_by, directive.meeting.created_by]


def _notify_progress(entry: ProgressEntry, people, message: str) -> None:
    """Tell `people` of a move of the part, dated as the move."""
    directive = entry.assignment.directive
    notify(
        people,
        message,
        {
            "agency": entry.assignment.agency.name,
            "number": directive.number,
            "meeting": directive.meeting.title,
            "comment": entry.text[:120],
        },
        url=directive.get_absolute_url(),
        at=entry.at,
    )


def report_progress(
    *, assignment: DirectiveAssignment, user, text: str, percent=None, milestone: str = "", attachments=(), at=None
) -> ProgressEntry:
    """An assigned agency says how far its part has come: a text, a percentage or a milestone, files."""
    _check_reporter(user, assignment)
    _check_report(text, percent, attachments)
    with transaction.atomic():
        entry = _move(
            assignment,
            ProgressAction.REPORT,
            actor=user,
            at=at,
            text=text.strip(),
            percent=percent,
            milestone=milestone.strip(),
            attachments=attachments,
        )
        _notify_progress(
            entry,
            _followers(assignment.directive),
            gettext_noop("%(agency)s reported progress on directive %(number)s of “%(meeting)s”."),
        )
    return entry


def assignment_mark_done(
    *, assignment: DirectiveAssignment, user, text: str, milestone: str = "", attachments=(), at=None
) -> ProgressEntry:
    """An assigned agency reports its part done; the secretary then confirms it or reopens it."""
    _check_reporter(user, assignment)
    _check_report(text, None, attachments)
    with transaction.atomic():
        entry = _move(
            assignment,
            ProgressAction.DONE,
            actor=user,
            at=at,
            text=text.strip(),
            percent=100,
            milestone=milestone.strip(),
            attachments=attachments,
        )
        _notify_progress(
            entry,
            _followers(assignment.directive),
            gettext_noop("%(agency)s reports its part of directive %(number)s of “%(meeting)s” done; please confirm."),
        )
    return entry


def assignment_confirm(*, assignment: DirectiveAssignment, user, comment: str = "", at=None) -> ProgressEntry:
    """The secretary confirms that an agency's part is done."""
    require(user, "meetings.change_directive", _("Only secretaries can confirm that a directive is done."))
    with transaction.atomic():
        entry = _move(assignment, ProgressAction.CONFIRM, actor=user, at=at, text=comment.strip())
        _notify_progress(
            entry,
            agency_officials([assignment.agency]),
            gettext_noop("Your agency's part of directive %(number)s of “%(meeting)s” was confirmed done."),
        )
    return entry


def assignment_reopen(*, assignment: DirectiveAssignment, user, comment: str, at=None) -> ProgressEntry:
    """The secretary sends an agency's part back to work, saying why."""
    require(user, "meetings.change_directive", _("Only secretaries can reopen a directive."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the part is reopened.")})
    with transaction.atomic():
        entry = _move(assignment, ProgressAction.REOPEN, actor=user, at=at, text=comment.strip())
        _notify_progress(
            entry,
            agency_officials([assignment.agency]),
            gettext_noop("Your agency's part of directive %(number)s of “%(meeting)s” was reopened: %(comment)s"),
        )
    return entry


