from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.history import HistoricalRecords
from core.links import reverse_pk
from core.models import Attachment, AttachmentQuerySet, ChoiceLabels, Timestamped
from core.search import fold, matching
from models_registry.models import Agency

from ..choices import AssignmentRole, AssignmentState, DirectiveStatus, MeetingStatus, ProgressAction


def directive_status(today=None) -> Case:
    """THE rule for a directive's status, as one SQL expression; nothing stores a status.

    - done: it has assignments and the secretary confirmed every one of them (lead and co-operating
      agencies alike: each reports on its own part);
    - overdue: not done, and its deadline is before `today` (a regular/ongoing directive has no deadline,
      so it is never overdue);
    - in progress: not done, not overdue, and some assigned agency has posted a report;
    - open: otherwise.
    """
    today = today or timezone.localdate()
    parts = DirectiveAssignment.objects.filter(directive=OuterRef("pk"))
    return Case(
        When(Exists(parts) & ~Exists(parts.exclude(state=AssignmentState.CONFIRMED)), then=Value(DirectiveStatus.DONE)),
        When(deadline__lt=today, then=Value(DirectiveStatus.OVERDUE)),
        When(Exists(parts.exclude(state=AssignmentState.OPEN)), then=Value(DirectiveStatus.IN_PROGRESS)),
        default=Value(DirectiveStatus.OPEN),
        output_field=models.CharField(),
    )


class DirectiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Directives of published meetings for their readers; a draft's only for those who read drafts."""
        if not user.is_authenticated or not user.has_perm("meetings.view_directive"):
            return self.none()
        if user.has_perm("meetings.view_draft_meeting"):
            return self
        return self.filter(meeting__status=MeetingStatus.PUBLISHED)

    def with_status(self, today=None):
        """Annotate `current_status` (a DirectiveStatus) as of `today` (default: today's local date)."""
        return self.annotate(current_status=directive_status(today))

    def with_status_in(self, status, today=None):
        return self.with_status(today).filter(current_status=status)

    def done(self, today=None):
        return self.with_status_in(DirectiveStatus.DONE, today)

    def overdue(self, today=None):
        return self.with_status_in(DirectiveStatus.OVERDUE, today)

    def in_progress(self, today=None):
        return self.with_status_in(DirectiveStatus.IN_PROGRESS, today)

    def open(self, today=None):
        return self.with_status_in(DirectiveStatus.OPEN, today)

    def awaiting_confirmation(self):
        """Directives with a part an agency reported done, which the secretary has not confirmed yet."""
        return self.filter(pk__in=DirectiveAssignment.objects.awaiting_confirmation().values("directive_id"))

    def assigned_to(self, agency):
        """Directives in which the agency, or an agency beneath it, has a part."""
        return self.filter(
            pk__in=DirectiveAssignment.objects.of_agency(agency).values("directive_id")
        )

    def search(self, text: str):
        return matching(self, text)


class Directive(ChoiceLabels, Timestamped):
    """A task from a meeting's conclusions, assigned to a lead agency and co-operating agencies."""

    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="directives"
    )
    number = models.PositiveSmallIntegerField(_("number"), editable=False)
    text = models.TextField(_("directive"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    is_ongoing = models.BooleanField(
        _("regular/ongoing"), default=False, help_text=_("A standing task without a deadline; never overdue.")
    )
    documents = models.ManyToManyField(
        "meetings.ReferenceDocument", verbose_name=_("documents concerned"), blank=True, related_name="directives"
    )
    registry_models = models.ManyToManyField(
        "models_registry.MovementModel", verbose_name=_("models concerned"), blank=True, related_name="directives"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    objects = DirectiveQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[documents, registry_models],
        excluded_fields=["search_text", "updated_at"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["meeting_id", "number", "pk"]
        permissions = [("report_directive", _("Can report progress on the directives assigned to their agency"))]
        indexes = [models.Index(fields=["deadline"], name="directive_deadline_idx")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="directive_number_unique_in_meeting"),
            models.CheckConstraint(
                condition=Q(is_ongoing=True, deadline__isnull=True) | Q(is_ongoing=False, deadline__isnull=False),
                name="directive_deadline_or_ongoing",
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id}.{self.number} {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.search_text = fold(self.text)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_pk("meetings:directive_detail", self.pk)

    @property
    def status(self) -> str:
        """The status by directive_status(): read from the with_status() annotation, or asked for once."""
        if not hasattr(self, "current_status"):
            self.current_status = (
                Directive.objects.with_status().values_list("current_status", flat=True).get(pk=self.pk)
            )
        return self.current_status

    def get_status_display(self) -> str:
        return DirectiveStatus(self.status).label

    @property
    def is_overdue(self) -> bool:
        return self.status == DirectiveStatus.OVERDUE

    @property
    def lead(self):
        """The lead agency's assignment (from the prefetched assignments when there are any)."""
        return next((a for a in self.assignments.all() if a.role == AssignmentRole.LEAD), None)

    @property
    def cooperating(self) -> list:
        return [a for a in self.assignments.all() if a.role == AssignmentRole.COOPERATING]


class DirectiveAssignmentQuerySet(models.QuerySet):
    def of_agency(self, agency):
        """The parts of the agency and of the agencies beneath it."""
        return self.filter(agency__in=Agency.objects.subtree_of(agency))

    def awaiting_confirmation(self):
        return self.filter(state=AssignmentState.DONE)

    def unconfirmed(self):
        return self.exclude(state=AssignmentState.CONFIRMED)

    def reportable_by(self, user):
        """The parts an official may report on: those of their agency and the agencies beneath it, in
        directives of published meetings."""
        if not user.is_authenticated or not user.has_perm("meetings.report_directive"):
            return self.none()
        parts = self.filter(directive__meeting__status=MeetingStatus.PUBLISHED)
        if user.agency_id is None:
            return self.none()
        return parts.of_agency(user.agency_id)


def _reports(part, user) -> bool:
    """An official of the assigned agency (or an agency above it) reports on the part. Asked once per directive
    and user (a page asks for each of its parts)."""
    cache = user.__dict__.setdefault("_reportable_parts", {})
    if part.directive_id not in cache:
        reportable = DirectiveAssignment.objects.reportable_by(user).filter(directive_id=part.directive_id)
        cache[part.directive_id] = set(reportable.values_list("pk", flat=True))
    return part.pk in cache[part.directive_id]


def _follows_up(part, user) -> bool:
    """The secretariat confirms a part done or reopens it."""
    return user.has_perm("meetings.change_directive")


class DirectiveAssignment(ChoiceLabels, models.Model):
    """An agency's part of a directive. Its state moves only through services.py, each move a ProgressEntry."""

    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="assignments")
    agency = models.ForeignKey(
        "models_registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="directive_parts"
    )
    role = models.CharField(_("role"), max_length=20, choices=AssignmentRole.choices)
    state = FSMField(_("state"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.OPEN)

    objects = DirectiveAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        # The lead agency first ("lead" sorts after "cooperating"), then the co-operating ones by name.
        ordering = ["-role", "agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "agency"], name="assignment_once_per_agency"),
            models.UniqueConstraint(
                fields=["directive"], condition=Q(role=AssignmentRole.LEAD), name="one_lead_per_directive"
            ),
        ]

    def __str__(self):
        return f"{self.directive_id}: {self.agency_id} ({self.role})"

    # The part's moves and who may make each: pages ask which are allowed (core.workflow.allowed_moves), the
    # services make them through core.workflow.apply_transition.
    @transition(
        field=state,
        source=[AssignmentState.OPEN, AssignmentState.IN_PROGRESS],
        target=AssignmentState.IN_PROGRESS,
        permission=_reports,
    )
    def report(self):
        pass

    @transition(
        field=state,
        source=[AssignmentState.OPEN, AssignmentState.IN_PROGRESS],
        target=AssignmentState.DONE,
        permission=_reports,
    )
    def mark_done(self):
        pass

    @transition(field=state, source=AssignmentState.DONE, target=AssignmentState.CONFIRMED, permission=_follows_up)
    def confirm(self):
        pass

    @transition(
        field=state,
        source=[AssignmentState.DONE, AssignmentState.CONFIRMED],
        target=AssignmentState.IN_PROGRESS,
        permission=_follows_up,
    )
    def reopen(self):
        pass


class ProgressEntry(models.Model):
    """One entry of a directive's progress timeline: an agency's report or its marking its part done, or
    the secretary confirming or reopening that part. Append-only: entries are never changed or removed."""

    assignment = models.ForeignKey(DirectiveAssignment, on_delete=models.PROTECT, related_name="entries")
    action = models.CharField(_("action"), max_length=20, choices=ProgressAction.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=AssignmentState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=AssignmentState.choices)
    text = models.TextField(_("report or comment"), blank=True)
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    milestone = models.CharField(_("milestone reached"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="progress_percent_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.assignment_id} {self.action} {self.at:%Y-%m-%d}"


class ProgressAttachmentQuerySet(AttachmentQuerySet):
    def visible_to(self, user):
        return self.filter(entry__assignment__directive__in=Directive.objects.visible_to(user))


class ProgressAttachment(Attachment):
    """Evidence given with a progress entry; append-only like the entry."""

    parent_lookup = "entry__assignment__directive"

    entry = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, related_name="attachments")

    objects = ProgressAttachmentQuerySet.as_manager()

    class Meta(Attachment.Meta):
        verbose_name = _("progress attachment")
        verbose_name_plural = _("progress attachments")

    def upload_folder(self) -> str:
        return f"directives/{self.entry_id}"
