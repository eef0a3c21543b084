"""Every write to meetings, directives and reference documents goes through these functions.

Views, the demo loader and the admin call them. Each one checks who may do it, changes the database in
one transaction, leaves one history entry per changed row (django-simple-history, or an append-only
row: MeetingAmendment, ProgressEntry), and notifies the people concerned once the transaction commits.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import TransitionNotAllowed

from accounts.notifications import notify
from accounts.roles import Role
from core.exceptions import ConcurrentEditError
from core.files import validate_upload
from models_registry.models import Agency

from .choices import AssignmentRole, AttendanceRole, MeetingStatus, ProgressAction
from .models import (
    Attendance,
    Directive,
    DirectiveAssignment,
    Meeting,
    MeetingAmendment,
    MeetingAttachment,
    ProgressAttachment,
    ProgressEntry,
    ReferenceDocument,
)

MEETING_FIELDS = ["title", "kind", "date", "start_time", "end_time", "place", "agenda", "minutes"]


@dataclass(frozen=True)
class AttendeeData:
    """A person at a meeting, as entered: the title and agency are those of the meeting's day."""

    full_name: str
    title: str = ""
    agency: Agency | None = None
    agency_name: str = ""
    role: str = AttendanceRole.ATTENDEE


# Helpers ---------------------------------------------------------------------------------------


def _require(user, permission: str, message: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(message)


def _save_with_history(instance, *, user, reason: str = "", m2m: dict | None = None) -> None:
    """Save a row and its many-to-many links, leaving exactly one history snapshot that includes the links.

    simple-history would otherwise write one snapshot for the row and another for each link change,
    and the timeline would show a creation followed by a spurious change.
    """
    instance.skip_history_when_saving = True
    try:
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    instance._history_user = user
    instance._change_reason = reason or None
    instance.save(update_fields=["updated_at"])


def _attach(meeting: Meeting, user, uploads) -> None:
    for upload in uploads:
        MeetingAttachment.build(upload, user=user, meeting=meeting).save()


def _remove_attachments(meeting: Meeting, user, attachments) -> None:
    for attachment in attachments:
        if attachment.meeting_id == meeting.pk:
            attachment.remove(user=user)


def _check_attendees(attendees: list[AttendeeData]) -> None:
    if any(not attendee.full_name.strip() for attendee in attendees):
        raise ValidationError(_("Every attendee needs a full name."), code="attendee_without_name")
    chairs = sum(1 for attendee in attendees if attendee.role == AttendanceRole.CHAIR)
    if chairs != 1:
        raise ValidationError(_("Mark exactly one attendee as the chair."), code="one_chair")


def _set_attendees(meeting: Meeting, user, attendees: list[AttendeeData]) -> None:
    """Make the meeting's attendance rows `attendees`, in order, touching only the rows that change."""
    _check_attendees(attendees)
    existing = list(meeting.attendances.order_by("order", "pk"))
    for surplus in existing[len(attendees) :]:
        surplus._history_user = user
        surplus.delete()  # its history row keeps it; an amendment's snapshot keeps it too
    rows = []
    for order, data in enumerate(attendees):
        row = existing[order] if order < len(existing) else Attendance(meeting=meeting)
        values = {
            "full_name": data.full_name.strip(),
            "title": data.title.strip(),
            "agency": data.agency,
            "agency_name": (data.agency_name.strip() or (data.agency.name if data.agency else "")),
            "role": data.role,
            "order": order,
        }
        changed = row.pk is None or any(getattr(row, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(row, name, value)
        if changed:
            row.full_clean(exclude=["meeting"])
            rows.append(row)
    # One chair per meeting is a database constraint: save the new chair after the former one stepped down.
    for row in sorted(rows, key=lambda row: row.role == AttendanceRole.CHAIR):
        row._history_user = user
        row.save()


def meeting_snapshot(meeting: Meeting) -> dict:
    """The whole record as it stands, in plain JSON: what an amendment keeps of the earlier version."""
    return {
        "title": meeting.title,
        "kind": meeting.kind,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "end_time": meeting.end_time.strftime("%H:%M") if meeting.end_time else None,
        "place": meeting.place,
        "organisers": [agency.name for agency in meeting.organisers.order_by("name", "pk")],
        "attendees": [
            {"full_name": a.full_name, "title": a.title, "agency_name": a.agency_name, "role": a.role}
            for a in meeting.attendances.order_by("order", "pk")
        ],
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "attachments": [a.original_name for a in meeting.attachments.filter(removed_at__isnull=True)],
    }


def _agency_officials(agencies):
    from accounts.models import User

    return User.objects.filter(agency__in=agencies, groups__name=Role.OFFICIAL, is_active=True).distinct()


def _notify_assigned(directive: Directive, agencies) -> None:
    """Tell the officials of newly assigned agencies, once the directive is published with its meeting."""
    if not directive.meeting.is_published or not agencies:
        return
    notify(
        _agency_officials(agencies),
        gettext_noop("A directive of “%(meeting)s” was assigned to your agency: %(text)s"),
        {"meeting": directive.meeting.title, "text": directive.text[:120]},
        url=directive.get_absolute_url(),
    )


# Meetings --------------------------------------------------------------------------------------


def meeting_create(*, user, data: dict, organisers, attendees: list[AttendeeData], attachments=()) -> Meeting:
    """Record a meeting, as a draft, with its organising bodies, attendees and files."""
    _require(user, "meetings.add_meeting", _("Only secretaries can record meetings."))
    if not organisers:
        raise ValidationError(_("Choose at least one organising body."), code="no_organiser")
    _check_attendees(attendees)
    for upload in attachments:
        validate_upload(upload)
    meeting = Meeting(**data, created_by=user)
    meeting.full_clean()
    with transaction.atomic():
        _save_with_history(meeting, user=user, m2m={"organisers": organisers})
        _set_attendees(meeting, user, attendees)
        _attach(meeting, user, attachments)
    return meeting


def _apply_meeting_changes(
    meeting, *, user, expected_version, data, organisers, attendees, new_attachments, removed_attachments, reason=""
) -> Meeting:
    if not organisers:
        raise ValidationError(_("Choose at least one organising body."), code="no_organiser")
    _check_attendees(attendees)
    for upload in new_attachments:
        validate_upload(upload)
    for name, value in data.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    # Compare-and-set on the version: of two secretaries who read version N, only the first one saves.
    claimed = Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise ConcurrentEditError
    meeting.version = expected_version + 1
    _save_with_history(meeting, user=user, reason=reason, m2m={"organisers": organisers})
    _set_attendees(meeting, user, attendees)
    _attach(meeting, user, new_attachments)
    _remove_attachments(meeting, user, removed_attachments)
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    user,
    expected_version: int,
    data: dict,
    organisers,
    attendees: list[AttendeeData],
    new_attachments=(),
    removed_attachments=(),
) -> Meeting:
    """Change a draft. A published record changes only through meeting_amend()."""
    _require(user, "meetings.change_meeting", _("Only secretaries can change meetings."))
    with transaction.atomic():
        if Meeting.objects.select_for_update().get(pk=meeting.pk).status != MeetingStatus.DRAFT:
            raise ValidationError(
                _("This meeting is published: change it through an amendment, which keeps the earlier version."),
                code="published",
            )
        return _apply_meeting_changes(
            meeting,
            user=user,
            expected_version=expected_version,
            data=data,
            organisers=organisers,
            attendees=attendees,
            new_attachments=new_attachments,
            removed_attachments=removed_attachments,
        )


def meeting_publish(*, meeting: Meeting, user) -> Meeting:
    """Publish a draft: from now on its readers see it, the assigned agencies are told of its directives,
    and it changes only through amendments."""
    _require(user, "meetings.change_meeting", _("Only secretaries can publish meetings."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        try:
            locked.publish()
        except TransitionNotAllowed:
            raise ValidationError(_("This meeting is already published."), code="published") from None
        if not locked.minutes.strip():
            raise ValidationError(_("Write the minutes before publishing the meeting."), code="no_minutes")
        if not locked.attendances.filter(role=AttendanceRole.CHAIR).exists():
            raise ValidationError(_("Record who chaired the meeting before publishing it."), code="no_chair")
        locked.published_by, locked.published_at = user, timezone.now()
        locked.version += 1
        locked._history_user = user
        locked._change_reason = "publish"
        locked.save()
        directives = locked.directives.prefetch_related("assignments__agency").select_related("meeting")
        for directive in directives:
            _notify_assigned(directive, [part.agency for part in directive.assignments.all()])
    meeting.refresh_from_db()
    return meeting


def meeting_amend(
    *,
    meeting: Meeting,
    user,
    expected_version: int,
    reason: str,
    data: dict,
    organisers,
    attendees: list[AttendeeData],
    new_attachments=(),
    removed_attachments=(),
) -> MeetingAmendment:
    """Change a published record. The earlier version is kept whole in a MeetingAmendment, with who
    amended it, when and why; nothing is saved if nothing changed."""
    _require(user, "meetings.change_meeting", _("Only secretaries can amend meetings."))
    if not reason.strip():
        raise ValidationError(_("Say why the published record is amended."), code="no_reason")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != MeetingStatus.PUBLISHED:
            raise ValidationError(_("Only a published meeting is amended; change a draft directly."), code="draft")
        before = meeting_snapshot(locked)
        _apply_meeting_changes(
            meeting,
            user=user,
            expected_version=expected_version,
            data=data,
            organisers=organisers,
            attendees=attendees,
            new_attachments=new_attachments,
            removed_attachments=removed_attachments,
            reason=reason.strip(),
        )
        after = meeting_snapshot(meeting)
        changed = [key for key in before if before[key] != after[key]]
        if not changed:
            raise ValidationError(_("Nothing was changed, so there is nothing to amend."), code="no_change")
        amendment = MeetingAmendment.objects.create(
            meeting=meeting,
            number=locked.amendments.count() + 1,
            reason=reason.strip(),
            changed_fields=changed,
            snapshot=before,
            amended_by=user,
        )
    return amendment


# Directives ------------------------------------------------------------------------------------


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


def _set_assignments(directive: Directive, user, lead_agency, cooperating_agencies) -> list:
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
            part._history_user, part._change_reason = user, reason
            part.delete()  # never reported on; its history row keeps the assignment
    # One lead per directive is a database constraint: step the former lead down before the new one.
    kept = sorted(
        (part for agency_id, part in existing.items() if agency_id in wanted),
        key=lambda part: wanted[part.agency_id] == AssignmentRole.LEAD,
    )
    for part in kept:
        if part.role != wanted[part.agency_id]:
            part.role = wanted[part.agency_id]
            part._history_user, part._change_reason = user, reason
            part.save(update_fields=["role"])
    added = []
    for agency in sorted([*cooperating_agencies, lead_agency], key=lambda a: a.pk == lead_agency.pk):
        if agency.pk not in existing:
            part = DirectiveAssignment(directive=directive, agency=agency, role=wanted[agency.pk])
            part._history_user, part._change_reason = user, reason
            part.save()
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
) -> Directive:
    """Turn a conclusion of the meeting into a directive for a lead agency and co-operating agencies."""
    _require(user, "meetings.add_directive", _("Only secretaries can give directives."))
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
        _save_with_history(directive, user=user, m2m={"documents": documents, "registry_models": registry_models})
        added = _set_assignments(directive, user, lead_agency, cooperating_agencies)
        _notify_assigned(directive, added)
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
) -> Directive:
    """Amend a directive: its text, agencies, deadline or links. Once its meeting is published, say why."""
    _require(user, "meetings.change_directive", _("Only secretaries can amend directives."))
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
        _save_with_history(
            directive,
            user=user,
            reason=reason.strip(),
            m2m={"documents": documents, "registry_models": registry_models},
        )
        added = _set_assignments(directive, user, lead_agency, cooperating_agencies)
        _notify_assigned(directive, added)
    return directive


# Progress of a directive -------------------------------------------------------------------------
#
# Every move of an agency's part goes through _move(): it locks the part, lets the state machine on
# DirectiveAssignment refuse an illegal move, saves, and appends the ProgressEntry that the directive's
# timeline shows.

_MOVES = {
    ProgressAction.REPORT: DirectiveAssignment.report,
    ProgressAction.DONE: DirectiveAssignment.mark_done,
    ProgressAction.CONFIRM: DirectiveAssignment.confirm,
    ProgressAction.REOPEN: DirectiveAssignment.reopen,
}


def _move(assignment: DirectiveAssignment, action: ProgressAction, *, actor, attachments=(), **entry_fields):
    locked = DirectiveAssignment.objects.select_for_update().get(pk=assignment.pk)
    from_state = locked.state
    try:
        _MOVES[action](locked)
    except TransitionNotAllowed:
        raise ValidationError(
            _("“%(action)s” is not possible for a part that is “%(state)s”."),
            params={"action": action.label, "state": locked.get_state_display()},
            code="illegal_transition",
        ) from None
    locked._history_user = actor
    locked._change_reason = f"progress:{action}"
    locked.save()
    entry = ProgressEntry.objects.create(
        assignment=locked, action=action, from_state=from_state, to_state=locked.state, actor=actor, **entry_fields
    )
    for upload in attachments:
        ProgressAttachment.build(upload, user=actor, entry=entry).save()
    assignment.refresh_from_db()
    return entry


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
    )


def report_progress(
    *, assignment: DirectiveAssignment, user, text: str, percent=None, milestone: str = "", attachments=()
) -> ProgressEntry:
    """An assigned agency says how far its part has come: a text, a percentage or a milestone, files."""
    _check_reporter(user, assignment)
    _check_report(text, percent, attachments)
    with transaction.atomic():
        entry = _move(
            assignment,
            ProgressAction.REPORT,
            actor=user,
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
    *, assignment: DirectiveAssignment, user, text: str, milestone: str = "", attachments=()
) -> ProgressEntry:
    """An assigned agency reports its part done; the secretary then confirms it or reopens it."""
    _check_reporter(user, assignment)
    _check_report(text, None, attachments)
    with transaction.atomic():
        entry = _move(
            assignment,
            ProgressAction.DONE,
            actor=user,
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


def assignment_confirm(*, assignment: DirectiveAssignment, user, comment: str = "") -> ProgressEntry:
    """The secretary confirms that an agency's part is done."""
    _require(user, "meetings.change_directive", _("Only secretaries can confirm that a directive is done."))
    with transaction.atomic():
        entry = _move(assignment, ProgressAction.CONFIRM, actor=user, text=comment.strip())
        _notify_progress(
            entry,
            _agency_officials([assignment.agency]),
            gettext_noop("Your agency's part of directive %(number)s of “%(meeting)s” was confirmed done."),
        )
    return entry


def assignment_reopen(*, assignment: DirectiveAssignment, user, comment: str) -> ProgressEntry:
    """The secretary sends an agency's part back to work, saying why."""
    _require(user, "meetings.change_directive", _("Only secretaries can reopen a directive."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the part is reopened.")})
    with transaction.atomic():
        entry = _move(assignment, ProgressAction.REOPEN, actor=user, text=comment.strip())
        _notify_progress(
            entry,
            _agency_officials([assignment.agency]),
            gettext_noop("Your agency's part of directive %(number)s of “%(meeting)s” was reopened: %(comment)s"),
        )
    return entry


# Reference documents ---------------------------------------------------------------------------


def document_create(*, user, data: dict, registry_models=()) -> ReferenceDocument:
    """Register a plan, regulation, law or decision that models and directives can refer to."""
    _require(user, "meetings.add_referencedocument", _("You may not register reference documents."))
    document = ReferenceDocument(**data, created_by=user)
    document.full_clean()
    with transaction.atomic():
        _save_with_history(document, user=user, m2m={"registry_models": registry_models})
    return document


def document_update(*, document: ReferenceDocument, user, data: dict, registry_models=()) -> ReferenceDocument:
    _require(user, "meetings.change_referencedocument", _("You may not change reference documents."))
    for name, value in data.items():
        setattr(document, name, value)
    document.full_clean()
    with transaction.atomic():
        _save_with_history(document, user=user, m2m={"registry_models": registry_models})
    return document
