"""Views of directives and their follow-up: the list, a directive's page with its timeline, and one page
per step (report, confirm, reopen). Each narrows to what the user may see first (404), then checks the
role (403), validates and calls a service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import FilteredListView
from core.workflow import allowed_moves

from .. import services
from ..export_columns import directive_columns
from ..filtersets import DIRECTIVES_DEFAULT_ORDER, DirectiveFilterSet
from ..forms import ConfirmForm, DirectiveAmendForm, DirectiveForm, ProgressReportForm, ReopenForm
from ..history import directive_timeline
from ..models import Directive, DirectiveAssignment, Meeting, ProgressEntry


def _parts():
    return Prefetch("assignments", DirectiveAssignment.objects.select_related("agency"))


def _visible_directive(request, pk) -> Directive:
    return get_object_or_404(
        Directive.objects.visible_to(request.user).with_status().select_related("meeting").prefetch_related(_parts()),
        pk=pk,
    )


class DirectiveListView(FilteredListView):
    permission = "meetings.view_directive"
    denied_message = gettext_lazy("You may not read the directives.")
    filterset_class = DirectiveFilterSet
    template_name = "meetings/directive_list.html"
    context_object_name = "directives"
    export_title = gettext_lazy("Directives")
    export_filename = "chi-dao"

    def export_columns(self):
        return directive_columns()

    def get_queryset(self):
        return (
            Directive.objects.visible_to(self.request.user)
            .with_status()
            .select_related("meeting")
            .prefetch_related(_parts())
            .order_by(*DIRECTIVES_DEFAULT_ORDER)
        )


def directive_detail(request, pk):
    directive = _visible_directive(request, pk)
    user = request.user
    parts = list(directive.assignments.all())
    latest = {}
    for entry in (
        ProgressEntry.objects.filter(assignment__directive=directive, percent__isnull=False)
        .order_by("at", "pk")
        .only("assignment_id", "percent")
    ):
        latest[entry.assignment_id] = entry.percent
    for part in parts:
        part.latest_percent = latest.get(part.pk)
        moves = allowed_moves(part, user)
        part.can_report = "report" in moves
        part.can_confirm = "confirm" in moves
        part.can_reopen = "reopen" in moves
    return render(
        request,
        "meetings/directive_detail.html",
        {
            "directive": directive,
            "parts": parts,
            "documents": directive.documents.all(),
            "registry_models": directive.registry_models.visible_to(user).select_related("owner_agency"),
            "timeline": directive_timeline(directive),
            "can_edit": user.has_perm("meetings.change_directive"),
        },
    )


def directive_create(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("meetings.add_directive"):
        raise PermissionDenied(_("Only secretaries can give directives."))
    form = DirectiveForm(request.POST or None, meeting=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.directive_create(meeting=meeting, user=request.user, **form.directive_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Directive %(number)s was recorded.") % {"number": directive.number})
            if "add_another" in request.POST:
                return redirect("meetings:directive_create", meeting.pk)
            return redirect(directive)
    return render(request, "meetings/directive_form.html", {"form": form, "meeting": meeting})


def directive_update(request, pk):
    directive = _visible_directive(request, pk)
    if not request.user.has_perm("meetings.change_directive"):
        raise PermissionDenied(_("Only secretaries can amend directives."))
    form = DirectiveAmendForm(request.POST or None, meeting=directive.meeting, user=request.user, directive=directive)
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_update(
                directive=directive, user=request.user, reason=form.cleaned_data["reason"], **form.directive_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(directive)
    return render(
        request, "meetings/directive_form.html", {"form": form, "meeting": directive.meeting, "directive": directive}
    )


def _part(request, pk, part_pk):
    directive = _visible_directive(request, pk)
    part = get_object_or_404(directive.assignments.select_related("agency"), pk=part_pk)
    return directive, part


def _step_page(request, directive, part, form, perform, *, title, success):
    """One page per follow-up step: a form, and on a valid POST the step's service."""
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(directive)
    return render(
        request,
        "meetings/directive_step.html",
        {"directive": directive, "part": part, "form": form, "title": title},
    )


def assignment_report(request, pk, part_pk):
    directive, part = _part(request, pk, part_pk)
    if not DirectiveAssignment.objects.reportable_by(request.user).filter(pk=part.pk).exists():
        raise PermissionDenied(
            _("Only officials of the assigned agency (or an agency above it) can report on this part.")
        )

    def perform(data):
        if data["mark_done"]:
            services.assignment_mark_done(
                assignment=part,
                user=request.user,
                text=data["text"],
                milestone=data["milestone"],
                attachments=data["attachments"],
            )
        else:
            services.report_progress(
                assignment=part,
                user=request.user,
                text=data["text"],
                percent=data["percent"],
                milestone=data["milestone"],
                attachments=data["attachments"],
            )

    form = ProgressReportForm(request.POST or None, request.FILES or None)
    done = request.method == "POST" and request.POST.get("mark_done")
    return _step_page(
        request,
        directive,
        part,
        form,
        perform,
        title=_("Report progress"),
        success=_("Your agency's part was reported done; the secretary will confirm it.")
        if done
        else _("Your progress report was recorded."),
    )


def _require_follow_up(request):
    if not request.user.has_perm("meetings.change_directive"):
        raise PermissionDenied(_("Only secretaries can confirm or reopen a directive."))


def assignment_confirm(request, pk, part_pk):
    directive, part = _part(request, pk, part_pk)
    _require_follow_up(request)
    return _step_page(
        request,
        directive,
        part,
        ConfirmForm(request.POST or None),
        lambda data: services.assignment_confirm(assignment=part, user=request.user, comment=data["comment"]),
        title=_("Confirm that the part is done"),
        success=_("The part was confirmed done."),
    )


def assignment_reopen(request, pk, part_pk):
    directive, part = _part(request, pk, part_pk)
    _require_follow_up(request)
    return _step_page(
        request,
        directive,
        part,
        ReopenForm(request.POST or None),
        lambda data: services.assignment_reopen(assignment=part, user=request.user, comment=data["comment"]),
        title=_("Reopen the part"),
        success=_("The part was reopened; the agency has been told why."),
    )
