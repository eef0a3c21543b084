"""Meetings: recorded as drafts, published, then changed only through amendments that keep the earlier version.
Every function takes `at=` (now by default), the time its rows and history entries carry."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConcurrentEditError
from core.files import validate_upload
from core.history import stamp
from core.workflow import apply_transition
from models_registry.models import Agency

from ..choices import AttendanceRole, MeetingStatus
from ..models import Attendance, Meeting, MeetingAmendment, MeetingAttachment
from .common import notify_assigned, require, save_with_history

MEETING_FIELDS = ["title", "kind", "date", "start_time", "end_time", "place", "agenda", "minutes"]


@dataclass(frozen=True)
class AttendeeData:
    """A person at a meeting, as entered: the title and agency are those of the meeting's day."""

    full_name: str
    title: str = ""
    agency: Agency | None = None
    agency_name: str = ""
    role: str = AttendanceRole.ATTENDEE


def _attach(meeting: Meeting, user, uploads, at=None) -> None:
    for upload in uploads:
        MeetingAttachment.build(upload, user=user, at=at, meeting=meeting).save()


def _remove_attachments(meeting: Meeting, user, attachments, at=None) -> None:
    for attachment in attachments:
        if attachment.meeting_id == meeting.pk:
            attachment.remove(user=user, at=at)


def _check_attendees(attendees: list[AttendeeData]) -> None:
    if any(not attendee.full_name.strip() for attendee in attendees):
        raise ValidationError(_("Every attendee needs a full name."), code="attendee_without_name")
    chairs = sum(1 for attendee in attendees if attendee.role == AttendanceRole.CHAIR)
    if chairs != 1:
        raise ValidationError(_("Mark exactly one attendee as the chair."), code="one_chair")


def _set_attendees(meeting: Meeting, user, attendees: list[AttendeeData], at=None) -> None:
    """Make the meeting's attendance rows `attendees`, in order, touching only the rows that change."""
    _check_attendees(attendees)
    existing = list(meeting.attendances.order_by("order", "pk"))
    for surplus in existing[len(attendees) :]:
        stamp(surplus, user=user, at=at).delete()  # its history row keeps it; an amendment's snapshot too
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
        stamp(row, user=user, at=at).save()


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
        "attachments": [a.original_name for a in meeting.attachments.current()],
    }


def meeting_create(
    *, user, data: dict, organisers, attendees: list[AttendeeData], attachments=(), at=None
) -> Meeting:
    """Record a meeting, as a draft, with its organising bodies, attendees and files."""
    require(user, "meetings.add_meeting", _("Only secretaries can record meetings."))
    if not organisers:
        raise ValidationError(_("Choose at least one organising body."), code="no_organiser")
    _check_attendees(attendees)
    for upload in attachments:
        validate_upload(upload)
    meeting = Meeting(**data, created_by=user)
    meeting.full_clean()
    with transaction.atomic():
        save_with_history(meeting, user=user, m2m={"organisers": organisers}, at=at)
        _set_attendees(meeting, user, attendees, at=at)
        _attach(meeting, user, attachments, at=at)
    return meeting


def _apply_meeting_changes(
    meeting, *, user, expected_version, data, organisers, attendees, new_attachments, removed_attachments,
    reason="", at=None,
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
    save_with_history(meeting, user=user, reason=reason, m2m={"organisers": organisers}, at=at)
    _set_attendees(meeting, user, attendees, at=at)
    _attach(meeting, user, new_attachments, at=at)
    _remove_attachments(meeting, user, removed_attachments, at=at)
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
    at=None,
) -> Meeting:
    """Change a draft. A published record changes only through meeting_amend()."""
    require(user, "meetings.change_meeting", _("Only secretaries can change meetings."))
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
            at=at,
        )


def meeting_publish(*, meeting: Meeting, user, at=None) -> Meeting:
    """Publish a draft: from now on its readers see it, the assigned agencies are told of its directives,
    and it changes only through amendments."""
    require(user, "meetings.change_meeting", _("Only secretaries can publish meetings."))
    at = at or timezone.now()
    with transaction.atomic():
        current = Meeting.objects.get(pk=meeting.pk)
        if current.status == MeetingStatus.PUBLISHED:
            raise ValidationError(_("This meeting is already published."), code="published")
        if not current.minutes.strip():
            raise ValidationError(_("Write the minutes before publishing the meeting."), code="no_minutes")
        if not current.attendances.filter(role=AttendanceRole.CHAIR).exists():
            raise ValidationError(_("Record who chaired the meeting before publishing it."), code="no_chair")
        apply_transition(
            meeting,
            "publish",
            actor=user,
            at=at,
            label=_("Publish"),
            changes={"published_by": user, "published_at": at},
            history_reason="publish",
        )
        directives = meeting.directives.prefetch_related("assignments__agency").select_related("meeting")
        for directive in directives:
            notify_assigned(directive, [part.agency for part in directive.assignments.all()], at=at)
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
    at=None,
) -> MeetingAmendment:
    """Change a published record. The earlier version is kept whole in a MeetingAmendment, with who
    amended it, when and why; nothing is saved if nothing changed."""
    require(user, "meetings.change_meeting", _("Only secretaries can amend meetings."))
    if not reason.strip():
        raise ValidationError(_("Say why the published record is amended."), code="no_reason")
    at = at or timezone.now()
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
            at=at,
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
            amended_at=at,
        )
    return amendment
