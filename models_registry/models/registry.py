from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.models import Attachment, AttachmentQuerySet
from core.search import fold, matching

from ..choices import EDITABLE_STATUSES, IN_LIST_STATUSES, ModelKind, ModelLevel, ModelStatus
from .agencies import Agency
from .units import AdministrativeUnit

FIRST_YEAR = 1990  # the movement's records start long after this; anything earlier is a typo


class MovementModelQuerySet(models.QuerySet):
    def in_list(self):
        """Models in the province's list: the one definition that lists, counts and reports share."""
        return self.filter(status__in=IN_LIST_STATUSES)

    def in_list_at_end_of(self, year: int):
        """Models in the list on 31 December of `year`: recognised by then and not removed by then.

        A model removed later still counts for `year`; a model restored by a later decision counts as never
        removed (its removal was revoked), which is how the committee's yearly reports count it too."""
        return self.filter(
            models.Q(status__in=IN_LIST_STATUSES) | models.Q(status=ModelStatus.REMOVED, removal_year__gt=year),
            recognition_year__lte=year,
        )

    def recognised_in(self, year: int):
        """New in `year`: recognised by a decision of that year, whatever happened to them since."""
        return self.filter(recognition_year=year)

    def removed_in(self, year: int):
        """Models currently removed from the list by a decision dated in `year`."""
        return self.filter(status=ModelStatus.REMOVED, removal_year=year)

    def decidable_by(self, user):
        """What a reviewer may decide on: never the models of their own agency or the ones beneath it."""
        if not user.is_authenticated or not user.has_perm("models_registry.review_movementmodel"):
            return self.none()
        if user.agency_id is None:
            return self
        return self.exclude(owner_agency__in=Agency.objects.subtree_of(user.agency_id))

    def visible_to(self, user):
        """What a user may read: everything but other agencies' drafts, given the view permission."""
        if not user.is_authenticated or not user.has_perm("models_registry.view_movementmodel"):
            return self.none()
        if user.is_superuser:
            return self
        not_draft = ~models.Q(status=ModelStatus.DRAFT)
        if user.agency_id is None:
            return self.filter(not_draft)
        return self.filter(not_draft | models.Q(owner_agency__in=Agency.objects.subtree_of(user.agency_id)))

    def editable_by(self, user):
        """What a user may change: models of their agency and the agencies beneath it, while editable."""
        if not user.is_authenticated or not user.has_perm("models_registry.change_movementmodel"):
            return self.none()
        editable = self.filter(status__in=EDITABLE_STATUSES)
        if user.is_superuser:
            return editable
        if user.agency_id is None:
            return self.none()
        return editable.filter(owner_agency__in=Agency.objects.subtree_of(user.agency_id))

    def search(self, text: str):
        """Accent-insensitive search over code, name and description: every word, in any order."""
        return matching(self, text)


class MovementModel(models.Model):
    """A "Dân vận khéo" model (mô hình) or exemplar (điển hình) registered by an agency."""

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=ModelKind.choices, default=ModelKind.MODEL)
    owner_agency = models.ForeignKey(
        Agency, verbose_name=_("owning agency"), on_delete=models.PROTECT, related_name="owned_models"
    )
    cooperating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("co-operating agencies"), blank=True, related_name="cooperating_models"
    )
    registered_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="registered_models",
        help_text=_("The unit where the model was registered, kept as registered after reorganisations."),
    )
    field = models.ForeignKey(
        "models_registry.Field", verbose_name=_("field"), on_delete=models.PROTECT, related_name="models"
    )
    level = models.CharField(_("level"), max_length=20, choices=ModelLevel.choices)
    year_started = models.PositiveSmallIntegerField(
        _("year started"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    recognition_year = models.PositiveSmallIntegerField(
        _("year recognised"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)],
    )
    recognition_decision = models.CharField(_("recognition decision number"), max_length=100, blank=True)
    recognition_date = models.DateField(_("recognition decision date"), null=True, blank=True)
    recognising_body = models.CharField(_("recognising body"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    approach = models.TextField(_("approach (how it works)"), blank=True)
    results = models.TextField(_("results"), blank=True)
    is_typical = models.BooleanField(_("typical"), default=False)
    # The year of the decision that removed the model, kept on the row (not only on its ModelEvent) so that
    # "in the list at the end of year Y" and "removed in year Y" are plain filters that an index serves.
    removal_year = models.PositiveSmallIntegerField(_("year removed"), null=True, blank=True, editable=False)
    status = FSMField(_("status"), max_length=20, choices=ModelStatus.choices, default=ModelStatus.DRAFT)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When the results text or an indicator last changed: models without news for long are review candidates.
    results_updated_at = models.DateTimeField(_("results last updated"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic concurrency: an edit form carries the version it was read at, and the save is refused
    # if somebody saved in between (services.model_update).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Folded code, name and description for accent-insensitive search (search.py).
    search_text = models.TextField(editable=False, default="")

    objects = MovementModelQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[cooperating_agencies], excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("model")
        verbose_name_plural = _("models")
        ordering = ["-pk"]
        permissions = [("review_movementmodel", _("Can recognise, flag and decide on models"))]
        indexes = [
            models.Index(fields=["status", "recognition_year"], name="model_status_recognition_idx"),
            models.Index(fields=["year_started"], name="model_year_started_idx"),
            # Lets the list's COUNT(*) for pagination read this small index instead of the wide table when
            # it filters by status, owning agency (every official's visibility rule), field or unit:
            # at 100,000 models on PostgreSQL 30-86 ms -> 1-20 ms (docs/benchmarks.md).
            models.Index(fields=["status", "owner_agency", "field", "registered_unit"], name="model_list_filters_idx"),
            # The dashboard's two GROUP BY queries (dashboard/figures.py) read only these columns, so they read
            # this index instead of the wide table (on PostgreSQL: index-only scans once vacuumed).
            # docs/benchmarks-dashboard.md has the figures.
            models.Index(
                fields=[
                    "status",
                    "recognition_year",
                    "removal_year",
                    "is_typical",
                    "field",
                    "owner_agency",
                    "registered_unit",
                ],
                name="model_dashboard_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recognition_year__isnull=True)
                | models.Q(recognition_year__gte=models.F("year_started")),
                name="model_recognised_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ModelStatus.REMOVED, removal_year__isnull=False)
                | (~models.Q(status=ModelStatus.REMOVED) & models.Q(removal_year__isnull=True)),
                name="model_removal_year_iff_removed",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = self.folded_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"code", "name", "description"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("models_registry:detail", args=[self.pk])

    def folded_search_text(self) -> str:
        return fold(" ".join([self.code, self.name, self.description]))

    @property
    def is_in_list(self) -> bool:
        return self.status in IN_LIST_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    # The workflow's states and moves are declared here and nowhere else (django-fsm refuses any other
    # move); services.py checks who may make each move and records it as a ModelEvent.
    @transition(field=status, source=[ModelStatus.DRAFT, ModelStatus.RETURNED], target=ModelStatus.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=ModelStatus.SUBMITTED, target=ModelStatus.RECOGNISED)
    def recognise(self):
        pass

    @transition(field=status, source=ModelStatus.SUBMITTED, target=ModelStatus.RETURNED)
    def return_for_revision(self):
        pass

    @transition(field=status, source=ModelStatus.RECOGNISED, target=ModelStatus.FLAGGED)
    def flag(self):
        pass

    @transition(field=status, source=ModelStatus.FLAGGED, target=ModelStatus.UNDER_REVIEW)
    def answer(self):
        pass

    @transition(field=status, source=[ModelStatus.FLAGGED, ModelStatus.UNDER_REVIEW], target=ModelStatus.RECOGNISED)
    def keep(self):
        pass

    @transition(field=status, source=[ModelStatus.FLAGGED, ModelStatus.UNDER_REVIEW], target=ModelStatus.REMOVED)
    def remove(self):
        pass

    @transition(field=status, source=ModelStatus.REMOVED, target=ModelStatus.RECOGNISED)
    def restore(self):
        pass

    # Marked effective in a review round: no change of status, but a recorded decision.
    @transition(field=status, source=ModelStatus.RECOGNISED, target=ModelStatus.RECOGNISED)
    def confirm(self):
        pass


class ModelIndicator(models.Model):
    """A measured result of a model in a year: 1,200 workdays, 3,500 m² of land donated, ..."""

    model = models.ForeignKey(MovementModel, on_delete=models.CASCADE, related_name="indicators")
    indicator_type = models.ForeignKey(
        "models_registry.IndicatorType", verbose_name=_("indicator"), on_delete=models.PROTECT
    )
    value = models.DecimalField(
        _("value"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["year", "indicator_type__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "indicator_type", "year"], name="indicator_once_per_type_and_year"
            )
        ]

    def __str__(self):
        return f"{self.indicator_type.name} {self.year}: {self.value} {self.indicator_type.unit}"


class ModelAttachmentQuerySet(AttachmentQuerySet):
    def visible_to(self, user):
        return self.filter(model__in=MovementModel.objects.visible_to(user))


class ModelAttachment(Attachment):
    """An evidence file of a model, streamed only to users who may see the model."""

    parent_lookup = "model"

    model = models.ForeignKey(MovementModel, on_delete=models.CASCADE, related_name="attachments")
    # Evidence given with a workflow step (a flag, an answer) points at that step.
    event = models.ForeignKey(
        "models_registry.ModelEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )

    objects = ModelAttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Attachment.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def upload_folder(self) -> str:
        return f"attachments/{self.model_id}"
