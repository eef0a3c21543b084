from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.history import HistoricalRecords
from core.links import reverse_pk
from core.models import Attachment, AttachmentQuerySet, ChoiceLabels, Timestamped
from core.search import fold, matching

from ..choices import AttendanceRole, MeetingKind, MeetingStatus


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=MeetingStatus.PUBLISHED)

    def visible_to(self, user):
        """Published meetings for everyone who may read meetings; drafts for the secretariat and the leaders."""
        if not user.is_authenticated or not user.has_perm("meetings.view_meeting"):
            return self.none()
        if user.has_perm("meetings.view_draft_meeting"):
            return self
        return self.published()

    def editable_by(self, user):
        if not user.is_authenticated or not user.has_perm("meetings.change_meeting"):
            return self.none()
        return self

    def search(self, text: str):
        return matching(self, text)


class Meeting(ChoiceLabels, Timestamped):
    """A meeting of the steering committees: who met, when, where, what was said and concluded.

    A draft can be changed freely; once published the record changes only through an amendment
    (MeetingAmendment), which keeps the earlier version.
    """

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    organisers = models.ManyToManyField(
        "models_registry.Agency",
        verbose_name=_("organising bodies"),
        related_name="organised_meetings",
        help_text=_("One meeting can be held jointly by several committees."),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_(
            "Plain text: leave an empty line between paragraphs; line breaks, numbering and dashes are kept as typed."
        ),
    )
    status = FSMField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Optimistic concurrency, as for models: a form carries the version it was read at.
    version = models.PositiveIntegerField(default=1, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[organisers],
        excluded_fields=["search_text", "updated_at"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]
        permissions = [("view_draft_meeting", _("Can read meetings still in draft, with their directives"))]
        indexes = [models.Index(fields=["status", "date"], name="meeting_status_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gte=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.title, self.place]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_pk("meetings:detail", self.pk)

    @property
    def is_published(self) -> bool:
        return self.status == MeetingStatus.PUBLISHED

    @property
    def chair(self):
        """The attendee who chaired (from the prefetched attendances when there are any)."""
        return next((a for a in self.attendances.all() if a.role == AttendanceRole.CHAIR), None)

    @property
    def recording_secretary(self):
        return next((a for a in self.attendances.all() if a.role == AttendanceRole.SECRETARY), None)

    @transition(
        field=status,
        source=MeetingStatus.DRAFT,
        target=MeetingStatus.PUBLISHED,
        permission=lambda meeting, user: user.has_perm("meetings.change_meeting"),
    )
    def publish(self):
        pass


class Attendance(models.Model):
    """A person at a meeting, with the title and agency they had on that day (people change posts)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(_("title at the time"), max_length=500, blank=True)
    agency = models.ForeignKey(
        "models_registry.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency_name = models.CharField(
        _("agency at the time"),
        max_length=255,
        blank=True,
        help_text=_("Kept as written, even if the agency is renamed or merged later."),
    )
    role = models.CharField(_("role in the meeting"), max_length=20, choices=AttendanceRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=models.Q(role=AttendanceRole.CHAIR), name="one_chair_per_meeting"
            ),
        ]

    def __str__(self):
        return self.full_name


class MeetingAttachmentQuerySet(AttachmentQuerySet):
    def visible_to(self, user):
        return self.filter(meeting__in=Meeting.objects.visible_to(user))


class MeetingAttachment(Attachment):
    """A file of the meeting (the signed minutes, a report, slides), streamed only to its readers."""

    parent_lookup = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attachments")

    objects = MeetingAttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Attachment.Meta):
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")

    def upload_folder(self) -> str:
        return f"meetings/{self.meeting_id}"


class MeetingAmendment(models.Model):
    """A change to a published meeting record: who, when, why, and the whole earlier version.

    Append-only. `snapshot` is the record as it stood before this amendment (see
    services.meeting_snapshot), so every published version stays readable.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("amendment number"))
    reason = models.TextField(_("reason for the amendment"))
    changed_fields = models.JSONField(_("what changed"), default=list)
    snapshot = models.JSONField(_("earlier version"))
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("amended by"), on_delete=models.PROTECT, related_name="+"
    )
    amended_at = models.DateTimeField(_("amended at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="amendment_number_unique"),
        ]

    def __str__(self):
        return f"{self.meeting_id} #{self.number}"

    def get_absolute_url(self):
        return reverse("meetings:amendment", args=[self.meeting_id, self.number])
