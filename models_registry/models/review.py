from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.links import reverse_pk
from core.models import ChoiceLabels

from ..choices import FlagOutcome, FlagReason, ModelStatus, RoundOutcome, Transition


class ModelEvent(ChoiceLabels, models.Model):
    """One move of the review workflow: who moved the model from which status to which, when and why.

    Append-only: the events are the model's decision record, shown as its timeline.
    """

    model = models.ForeignKey("models_registry.MovementModel", on_delete=models.PROTECT, related_name="events")
    transition = models.CharField(_("action"), max_length=20, choices=Transition.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=ModelStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ModelStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    flag = models.ForeignKey(
        "models_registry.ReviewFlag", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )

    class Meta:
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["transition", "decision_date"], name="event_transition_date_idx")]

    def __str__(self):
        return f"{self.model_id} {self.get_transition_display()} {self.at:%Y-%m-%d}"


def _overdue(today=None) -> models.Q:
    """Open flags the owning agency has not answered by the deadline: the one definition of an overdue flag."""
    return models.Q(outcome=FlagOutcome.OPEN, answered_at__isnull=True, deadline__lt=today or timezone.localdate())


class ReviewFlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(outcome=FlagOutcome.OPEN)

    def overdue(self, today=None):
        return self.filter(_overdue(today))

    def with_overdue(self, today=None):
        """Annotate `overdue` (a boolean) as of `today`, for pages that mark overdue flags among others."""
        return self.annotate(
            overdue=models.Case(
                models.When(_overdue(today), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class ReviewFlag(ChoiceLabels, models.Model):
    """A reviewer's doubt that a model still works, the owning agency's answer, and the decision."""

    model = models.ForeignKey("models_registry.MovementModel", on_delete=models.PROTECT, related_name="flags")
    round = models.ForeignKey(
        "models_registry.ReviewRound", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    explanation = models.TextField(_("explanation"))
    deadline = models.DateField(_("answer by"))
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    flagged_at = models.DateTimeField(default=timezone.now)

    answer = models.TextField(_("answer"), blank=True)
    improvement_plan = models.TextField(_("improvement plan"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=10, choices=FlagOutcome.choices, default=FlagOutcome.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewFlagQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review flag")
        verbose_name_plural = _("review flags")
        ordering = ["-flagged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["model"], condition=models.Q(outcome="open"), name="one_open_flag_per_model"
            )
        ]

    def __str__(self):
        return f"{self.model_id}: {self.get_reason_display()}"

    @property
    def is_overdue(self) -> bool:
        """From the with_overdue() annotation, or asked for once."""
        if not hasattr(self, "overdue"):
            self.overdue = ReviewFlag.objects.overdue().filter(pk=self.pk).exists()
        return self.overdue


class ReviewRound(models.Model):
    """The yearly review (bình xét) of the recognised models of some agencies or units.

    The models in scope are fixed when the round opens (one RoundEntry each), so the progress stays
    "reviewed / total" even when a model leaves the list during the round.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    agencies = models.ManyToManyField(
        "models_registry.Agency", verbose_name=_("agencies (with those under them)"), blank=True, related_name="+"
    )
    units = models.ManyToManyField(
        "models_registry.AdministrativeUnit",
        verbose_name=_("administrative units (with those beneath or merged into them)"),
        blank=True,
        related_name="+",
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[agencies, units])

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_pk("models_registry:round_detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RoundEntry(ChoiceLabels, models.Model):
    """One model to review in a round, and what the reviewer found."""

    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="entries")
    model = models.ForeignKey("models_registry.MovementModel", on_delete=models.PROTECT, related_name="round_entries")
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=RoundOutcome.choices, default=RoundOutcome.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round entry")
        verbose_name_plural = _("round entries")
        ordering = ["model__code", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "model"], name="round_entry_unique")]

    def __str__(self):
        return f"{self.round_id}/{self.model_id}: {self.outcome}"
