"""Thin views of meetings: narrow the queryset to what the user may see (404 for
the rest), check the role's permission (403), validate, call a service, render."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core import audit
from core.pdf import html_to_pdf, pdf_response
from core.views import FilteredListView
from core.workflow import allowed_moves

from .. import services
from ..choices import AttendanceRole, DirectiveStatus, MeetingKind
from ..export import meeting_docx
from ..export_columns import meeting_columns
from ..filtersets import MeetingFilterSet
from ..forms import MeetingAmendForm, MeetingForm, attendance_formset
from ..models import (
    Directive,
    DirectiveAssignment,
    Meeting,
    MeetingAmendment,
    MeetingAttachment,
)


def _visible_meeting(request, pk, queryset=None) -> Meeting:
    queryset = Meeting.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), pk=pk)


def _writable_meeting(request, pk) -> Meeting:
    meeting = _visible_meeting(request, pk)
    if not request.user.has_perm("meetings.change_meeting"):
        raise PermissionDenied(_("Only secretaries can change meetings."))
    return meeting


def _directives_count(directives):
    """A per-meeting count as a subquery, so a list page stays at a fixed number of queries."""
    counted = directives.filter(meeting=OuterRef("pk")).order_by().values("meeting").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), Value(0))


class MeetingListView(FilteredListView):
    permission = "meetings.view_meeting"
    denied_message = gettext_lazy("You may not read the meetings.")
    filterset_class = MeetingFilterSet
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    export_title = gettext_lazy("Meetings")
    export_filename = "cuoc-hop"

    def export_columns(self):
        return meeting_columns()

    def get_queryset(self):
        directives = Directive.objects.all()
        return (
            Meeting.objects.visible_to(self.request.user)
            .prefetch_related("organisers")
            .annotate(
                directive_count=_directives_count(directives),
                overdue_count=_directives_count(directives.with_status_in(DirectiveStatus.OVERDUE)),
                done_count=_directives_count(directives.with_status_in(DirectiveStatus.DONE)),
            )
        )


def meeting_detail(request, pk):
    meeting = _visible_meeting(
        request,
        pk,
        Meeting.objects.select_related("created_by", "published_by").prefetch_related(
            "organisers",
            "attendances",
            Prefetch("attachments", MeetingAttachment.objects.filter(removed_at__isnull=True)),
            Prefetch(
                "directives",
                Directive.objects.with_status().prefetch_related(
                    Prefetch("assignments", DirectiveAssignment.objects.select_related("agency")),
                    "documents",
                ),
            ),
            Prefetch("amendments", MeetingAmendment.objects.select_related("amended_by").order_by("-number")),
        ),
    )
    user = request.user
    can_change = user.has_perm("meetings.change_meeting")
    labels = amendment_field_labels()
    for amendment in meeting.amendments.all():
        amendment.changed_labels = [str(labels.get(key, key)) for key in amendment.changed_fields]
    attendees = list(meeting.attendances.all())
    for attendee in attendees:
        attendee.role_display = attendee.get_role_display()
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "attendees": attendees,
            "today": timezone.localdate(),
            "can_edit": can_change and not meeting.is_published,
            "can_publish": "publish" in allowed_moves(meeting, user),
            "can_amend": can_change and meeting.is_published,
            "can_add_directive": user.has_perm("meetings.add_directive"),
        },
    )


def _meeting_form_page(request, form, formset, meeting=None, *, title, amend=False):
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "formset": formset, "meeting": meeting, "title": title, "amend": amend},
    )


def meeting_create(request):
    if not request.user.has_perm("meetings.add_meeting"):
        raise PermissionDenied(_("Only secretaries can record meetings."))
    form = MeetingForm(request.POST or None, request.FILES or None)
    formset = attendance_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            meeting = services.meeting_create(
                user=request.user,
                data=form.meeting_data(),
                organisers=form.cleaned_data["organisers"],
                attendees=formset.attendee_data(),
                attachments=form.cleaned_data["new_attachments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting was saved as a draft."))
            return redirect(meeting)
    return _meeting_form_page(request, form, formset, title=_("Record a meeting"))


def _concurrent_edit_message():
    return _(
        "Somebody else saved this meeting while you were editing it. Your changes were not saved: "
        "open the meeting again to see the current version, then make your changes there."
    )


def meeting_update(request, pk):
    meeting = _writable_meeting(request, pk)
    if meeting.is_published:
        messages.info(request, _("This meeting is published: changes are made as an amendment."))
        return redirect("meetings:amend", meeting.pk)
    form = MeetingForm(request.POST or None, request.FILES or None, instance=meeting)
    formset = attendance_formset(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.meeting_update(
                meeting=meeting,
                user=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.meeting_data(),
                organisers=form.cleaned_data["organisers"],
                attendees=formset.attendee_data(),
                new_attachments=form.cleaned_data["new_attachments"],
                removed_attachments=form.cleaned_data["remove_attachments"],
            )
        except services.ConcurrentEditError:
            form.add_error(None, _concurrent_edit_message())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(meeting)
    return _meeting_form_page(request, form, formset, meeting, title=_("Edit the meeting"))


def meeting_amend(request, pk):
    meeting = _writable_meeting(request, pk)
    if not meeting.is_published:
        return redirect("meetings:update", meeting.pk)
    form = MeetingAmendForm(request.POST or None, request.FILES or None, instance=meeting)
    formset = attendance_formset(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            amendment = services.meeting_amend(
                meeting=meeting,
                user=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                reason=form.cleaned_data["reason"],
                data=form.meeting_data(),
                organisers=form.cleaned_data["organisers"],
                attendees=formset.attendee_data(),
                new_attachments=form.cleaned_data["new_attachments"],
                removed_attachments=form.cleaned_data["remove_attachments"],
            )
        except services.ConcurrentEditError:
            form.add_error(None, _concurrent_edit_message())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Amendment %(number)s was recorded; the earlier version is kept.") % {"number": amendment.number},
            )
            return redirect(meeting)
    return _meeting_form_page(request, form, formset, meeting, title=_("Amend the published meeting"), amend=True)


@require_POST
def meeting_publish(request, pk):
    meeting = _writable_meeting(request, pk)
    try:
        services.meeting_publish(meeting=meeting, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The meeting was published; the assigned agencies have been told of its directives.")
        )
    return redirect(meeting)


def amendment_detail(request, pk, number):
    """A published meeting as it stood before an amendment."""
    meeting = _visible_meeting(request, pk)
    amendment = get_object_or_404(meeting.amendments.select_related("amended_by"), number=number)
    snapshot = dict(amendment.snapshot)
    snapshot["kind_display"] = dict(MeetingKind.choices).get(snapshot["kind"], snapshot["kind"])
    snapshot["date"] = date.fromisoformat(snapshot["date"])
    roles = dict(AttendanceRole.choices)
    snapshot["attendees"] = [
        {**attendee, "role_display": roles.get(attendee["role"], attendee["role"])}
        for attendee in snapshot["attendees"]
    ]
    labels = amendment_field_labels()
    amendment.changed_labels = [str(labels.get(key, key)) for key in amendment.changed_fields]
    return render(
        request,
        "meetings/amendment_detail.html",
        {"meeting": meeting, "amendment": amendment, "snapshot": snapshot},
    )


def amendment_field_labels() -> dict:
    """Labels of the parts of a meeting record that an amendment may change."""
    return {
        "title": _("Title"),
        "kind": _("Kind"),
        "date": _("Date"),
        "start_time": _("Start time"),
        "end_time": _("End time"),
        "place": _("Place"),
        "organisers": _("Organising bodies"),
        "attendees": _("Attendees"),
        "agenda": _("Agenda"),
        "minutes": _("Minutes"),
        "attachments": _("Attachments"),
    }


@require_safe  # a download: a POST (or any other method) is refused with 405
def meeting_export(request, pk):
    """The minutes with the directives, as a Word document an official can file or print."""
    meeting = _visible_meeting(
        request,
        pk,
        Meeting.objects.prefetch_related(
            "organisers",
            "attendances",
            Prefetch(
                "directives",
                Directive.objects.with_status().prefetch_related(
                    Prefetch("assignments", DirectiveAssignment.objects.select_related("agency"))
                ),
            ),
        ),
    )
    audit.record(request.user, audit.EXPORT, target=meeting, request=request, document="minutes", format="docx")
    response = HttpResponse(
        meeting_docx(meeting),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(meeting)}.docx"'
    return response


@require_safe  # a download: a POST (or any other method) is refused with 405
def meeting_export_pdf(request, pk):
    """The record as PDF: the meeting's page as it prints, behind the same permission check."""
    meeting = _visible_meeting(request, pk, Meeting.objects.all())
    audit.record(request.user, audit.EXPORT, target=meeting, request=request, document="minutes", format="pdf")
    page = meeting_detail(request, pk)
    return pdf_response(html_to_pdf(page.content.decode(), request), _file_name(meeting))


def _file_name(meeting) -> str:
    return slugify(f"bien-ban-{meeting.date:%Y%m%d}-{meeting.title}")[:80] or "bien-ban"


