from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, Func, IntegerField, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from core.history import HistoricalRecords
from core.links import reverse_pk
from core.models import Attachment, AttachmentQuerySet, ChoiceLabels, Timestamped
from core.search import fold, matching, search_rank

from ..choices import EDITABLE_STATUSES, IN_LIST_STATUSES, RECOGNISED_STATUSES, ModelKind, ModelLevel, ModelStatus
from .agencies import Agency
from .replication import Replication, spread_edges_sql
from .units import AdministrativeUnit

FIRST_YEAR = 1990  # the movement's records start long after this; anything earlier is a typo


class ModelWords:
    """The registry's domain words as conditions: each one defined here once. The QuerySet filters with them
    (lists, exports, the API) and the dashboard counts with them (conditional aggregates), so a figure and the
    list behind it cannot disagree."""

    @staticmethod
    def in_list() -> Q:
        """In the province's list: recognised and not removed; a flagged model still counts until removed."""
        return Q(status__in=IN_LIST_STATUSES)

    @staticmethod
    def recognised_in(year: int) -> Q:
        """New in `year`: recognised by a decision of that year, whatever happened to the model since."""
        return Q(status__in=RECOGNISED_STATUSES, recognition_year=year)

    @staticmethod
    def removed_in(year: int) -> Q:
        """Removed from the list by a decision of `year` (and not restored since)."""
        return Q(status=ModelStatus.REMOVED, removal_year=year)

    @staticmethod
    def in_list_at_end_of(year: int) -> Q:
        """In the list on 31 December of `year`: recognised by then and not removed by then.

        A model removed later still counts for `year`; a model restored by a later decision counts as never
        removed (its removal was revoked), which is how the committee's yearly reports count it too."""
        return Q(status__in=RECOGNISED_STATUSES, recognition_year__lte=year) & (
            Q(status__in=IN_LIST_STATUSES) | Q(removal_year__gt=year)
        )

    @staticmethod
    def typical() -> Q:
        """Marked typical by a published compilation."""
        return Q(is_typical=True)

    @staticmethod
    def replicates_another() -> Q:
        """Says it replicates at least one other model (whatever the other's status since)."""
        return Q(Exists(Replication.objects.filter(replica=OuterRef("pk"))))

    @staticmethod
    def has_been_replicated() -> Q:
        """Replicated by at least one model in the list: exactly the models whose spread (Spread) is above 0, since
        spread walks only the links whose replicating model is in the list. Models only, not ModelCount."""
        return Q(Exists(Replication.objects.filter(source=OuterRef("pk"), replica__status__in=IN_LIST_STATUSES)))

    @staticmethod
    def awaiting_recognition() -> Q:
        return Q(status=ModelStatus.SUBMITTED)

    @staticmethod
    def awaiting_answer() -> Q:
        """Flagged: the owning agency has not answered yet."""
        return Q(status=ModelStatus.FLAGGED)

    @staticmethod
    def awaiting_decision() -> Q:
        """Answered: a reviewer decides whether it stays in the list."""
        return Q(status=ModelStatus.UNDER_REVIEW)


class Spread(Func):
    """How many models in the list a model has spread to: those replicating it, directly or onward (the
    replicas of its replicas, ...), along the links whose replicating model is in the list (spread_edges_sql).
    One recursive walk per row, in the database, from the row's own id: the same walk as core.trees.reachable_ids,
    written as an expression so that it follows the row wherever the query puts it."""

    output_field = IntegerField()

    def __init__(self, expression="pk", **extra):
        super().__init__(models.F(expression) if isinstance(expression, str) else expression, **extra)

    def get_group_by_cols(self):
        # Beside aggregates (a compilation's nominations with their scores) the walk follows its start id: grouping
        # by that id, not by the whole recursive query.
        return self.source_expressions[0].get_group_by_cols()

    def as_sql(self, compiler, connection, **extra_context):
        start, params = compiler.compile(self.source_expressions[0])
        # The start is cast as reachable_ids casts it: PostgreSQL wants the recursive term's type fixed.
        return (
            "(WITH RECURSIVE edges(child, parent) AS (" + spread_edges_sql() + "), "
            f"reached(id) AS (SELECT CAST({start} AS BIGINT) "
            "UNION SELECT edges.child FROM edges JOIN reached ON edges.parent = reached.id) "
            "SELECT COUNT(*) - 1 FROM reached)",
            params,
        )


class MovementModelQuerySet(models.QuerySet):
    def in_list(self):
        return self.filter(ModelWords.in_list())

    def in_list_at_end_of(self, year: int):
        return self.filter(ModelWords.in_list_at_end_of(year))

    def recognised_in(self, year: int):
        return self.filter(ModelWords.recognised_in(year))

    def removed_in(self, year: int):
        return self.filter(ModelWords.removed_in(year))

    def typical(self):
        return self.filter(ModelWords.typical())

    def published_for_public(self):
        """What the public showcase (/public/) may show: the typical models (marked by a published compilation)
        that are still in the list. Nothing else of the registry leaves the office."""
        return self.filter(ModelWords.in_list() & ModelWords.typical())

    def awaiting_recognition(self):
        return self.filter(ModelWords.awaiting_recognition())

    def awaiting_answer(self):
        return self.filter(ModelWords.awaiting_answer())

    def awaiting_decision(self):
        return self.filter(ModelWords.awaiting_decision())

    def of_agency(self, agency):
        """Owned by the agency or an agency beneath it (the list's agency filter, an official's scope)."""
        return self.filter(owner_agency__in=Agency.objects.subtree_of(agency))

    def in_unit(self, unit):
        """Registered in the unit, a unit beneath it, or a unit merged into either (the list's unit filter)."""
        return self.filter(registered_unit__in=AdministrativeUnit.objects.counted_under(unit))

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
        not_draft = ~Q(status=ModelStatus.DRAFT)
        if user.agency_id is None:
            return self.filter(not_draft)
        return self.filter(not_draft | Q(owner_agency__in=Agency.objects.subtree_of(user.agency_id)))

    def owned_by(self, user):
        """The models an official acts for: those of their agency and of the agencies beneath it."""
        if not user.is_authenticated or not user.has_perm("models_registry.change_movementmodel"):
            return self.none()
        if user.agency_id is None:
            return self.none()
        return self.of_agency(user.agency_id)

    def editable_by(self, user):
        """What a user may change: the models they act for, while their content is editable."""
        return self.owned_by(user).filter(status__in=EDITABLE_STATUSES)

    def replicates_another(self):
        return self.filter(ModelWords.replicates_another())

    def has_been_replicated(self):
        return self.filter(ModelWords.has_been_replicated())

    def with_spread(self):
        """`spread`: how many models in the list replicate each model, directly or onward (Spread)."""
        return self.annotate(spread=Spread())

    def search(self, text: str):
        """Accent-insensitive search over code, name and description: every word, in any order."""
        return matching(self, text)

    def search_public(self, text: str):
        """The same search over only what the public pages show of a model, its name and code: a visitor must not
        learn by searching what the description or other internal text says."""
        found = matching(self, text, column="search_name")
        code = (text or "").strip()
        return found | self.filter(code__iexact=code) if code else found

    def with_waiting_since(self):
        """`waiting_since`: when each model entered the status it is in (submitted, flagged, answered...), the time
        of its last workflow event that moved it there; None for a model no event moved (a draft). One correlated
        subquery (served by the events' model index), so a list of them stays one query."""
        from .review import ModelEvent

        entered = ModelEvent.objects.filter(model=models.OuterRef("pk"), to_status=models.OuterRef("status"))
        return self.annotate(waiting_since=models.Subquery(entered.order_by("-at", "-pk").values("at")[:1]))

    def ranked_by_search(self, text: str):
        """Ordered by how well each model matches `text` (core.search.search_rank: the name first), then by code.
        The rank is an annotation (`search_rank`), so the list's keyset pages can follow it."""
        rank = search_rank(text)
        if rank is None:
            return self
        return self.annotate(search_rank=rank).order_by("search_rank", "code", "pk")

    def with_rights_of(self, user):
        """Each model with the user's rights on it (RIGHTS: may read it, acts for it, may change it, may decide on
        it) as EXISTS in the same query: a model's page then asks the database nothing more to know which
        buttons to show (`_is` reads them). `rights_of` says whose rights they are."""
        rights = {
            f"right_{name}": Exists(getattr(MovementModel.objects, name)(user).filter(pk=OuterRef("pk")))
            for name in RIGHTS
        }
        return self.annotate(rights_of=models.Value(user.pk, output_field=models.IntegerField()), **rights)


# The scopes (QuerySet methods of a user) a model's page asks about; `with_rights_of` fetches them all at once.
RIGHTS = ("visible_to", "owned_by", "editable_by", "decidable_by")
_NOT_FETCHED = object()


def _is(queryset_method: str, *, remember: bool = True):
    """A permission: the model is among those `queryset_method(user)` returns. Read from the model's row when it
    was fetched `with_rights_of(user)`; otherwise asked, and with `remember` kept on the instance for the request,
    so a page asking for several moves asks the database once."""

    def permitted(model, user) -> bool:
        if model.__dict__.get("rights_of", _NOT_FETCHED) == user.pk and queryset_method in RIGHTS:
            return bool(getattr(model, f"right_{queryset_method}"))
        cache = model.__dict__.setdefault("_permission_cache", {}) if remember else {}
        key = (queryset_method, user.pk)
        if key not in cache:
            queryset = getattr(MovementModel.objects, queryset_method)(user)
            cache[key] = queryset.filter(pk=model.pk).exists()
        return cache[key]

    return permitted


acts_for_owner = _is("owned_by")
decides = _is("decidable_by")
# Asked afresh each time (unless read with the row): the services check them before each write.
sees = _is("visible_to", remember=False)
edits = _is("editable_by", remember=False)


class MovementModel(ChoiceLabels, Timestamped):
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
    # The recognising decision: set by the recognise step (services/workflow.py) and nothing else, so a model
    # moves between yearly figures only through a recorded decision.
    recognition_year = models.PositiveSmallIntegerField(
        _("year recognised"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)],
    )
    recognition_decision = models.CharField(
        _("recognition decision number"), max_length=100, blank=True, editable=False
    )
    recognition_date = models.DateField(_("recognition decision date"), null=True, blank=True, editable=False)
    recognising_body = models.CharField(_("recognising body"), max_length=255, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    approach = models.TextField(_("approach (how it works)"), blank=True)
    results = models.TextField(_("results"), blank=True)
    # Set by the publication of a compilation of typical models (compilations/services.py) and nothing else.
    is_typical = models.BooleanField(_("typical"), default=False, editable=False)
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
    # When the results text or an indicator last changed: models without news for long are review candidates.
    results_updated_at = models.DateTimeField(_("results last updated"), default=timezone.now)
    # Optimistic concurrency: an edit form carries the version it was read at, and the save is refused
    # if somebody saved in between (services.model_update).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Folded code, name and description for accent-insensitive search (search.py).
    search_text = models.TextField(editable=False, default="")
    # The folded name alone: a searched list ranks the models whose name matches first (core.search.search_rank).
    search_name = models.TextField(editable=False, default="")
    # The field's position (Field.order), copied so that an index serves the list sorted by field: sorting by the
    # field table's own column joined and sorted every listed row (860 ms at 1,000,000 models). save() and the
    # bulk save copy it; a field moved to another position updates its models (Field.save).
    field_position = models.PositiveSmallIntegerField(editable=False, default=0)
    # The owning agency's name, copied for the same reason: the list sorted by agency read every listed row's
    # agency and sorted them (32 ms at 1,000,000 models, 1.7 x its time at 10,000). save() and the bulk save copy
    # it; a renamed agency updates its models (Agency.save).
    owner_agency_name = models.CharField(max_length=255, editable=False, default="")

    objects = MovementModelQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[cooperating_agencies],
        excluded_fields=["search_text", "search_name", "field_position", "owner_agency_name", "updated_at"],
    )

    class Meta:
        verbose_name = _("model")
        verbose_name_plural = _("models")
        ordering = ["-pk"]
        permissions = [("review_movementmodel", _("Can recognise, flag and decide on models"))]
        indexes = [
            models.Index(fields=["status", "recognition_year"], name="model_status_recognition_idx"),
            # One index per sortable column, paired with id: the list's keyset pages (core/pagination.py) seek
            # to their first row and read on, in either direction, whatever the page and the table's size.
            # Sorting by agency or field sorts by copies of the other table's column (owner_agency_name,
            # field_position): no index here could serve the other table's own column.
            models.Index(fields=["code", "id"], name="model_code_id_idx"),
            models.Index(fields=["name", "id"], name="model_name_id_idx"),
            models.Index(fields=["year_started", "id"], name="model_year_started_id_idx"),
            models.Index(fields=["recognition_year", "id"], name="model_recognition_year_id_idx"),
            models.Index(fields=["status", "id"], name="model_status_id_idx"),
            models.Index(fields=["field_position", "id"], name="model_field_position_id_idx"),
            models.Index(fields=["owner_agency_name", "id"], name="model_owner_agency_name_id_idx"),
            # Lets the list's COUNT(*) for pagination read this small index instead of the wide table when
            # it filters by status, owning agency (every official's visibility rule), field or unit:
            # at 100,000 models on PostgreSQL 30-86 ms -> 1-20 ms (docs/performance.md).
            models.Index(fields=["status", "owner_agency", "field", "registered_unit"], name="model_list_filters_idx"),
            # The dashboard's two GROUP BY queries (dashboard/figures.py) read only these columns, so they read
            # this index instead of the wide table (on PostgreSQL: index-only scans once vacuumed).
            # docs/performance.md has the figures.
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
            # The public showcase reads only the typical models of the list (a few in a hundred), by name or newest
            # first: without these its pages walked the whole name index past every other model (280 ms at
            # 1,000,000 models, docs/performance.md).
            models.Index(
                fields=["name", "id"], condition=ModelWords.in_list() & ModelWords.typical(), name="public_name_id_idx"
            ),
            models.Index(
                fields=["-recognition_year", "name", "id"],
                condition=ModelWords.in_list() & ModelWords.typical(),
                name="public_newest_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recognition_year__isnull=True)
                | models.Q(recognition_year__gte=models.F("year_started")),
                name="model_recognised_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RECOGNISED_STATUSES, recognition_year__isnull=False)
                | (~Q(status__in=RECOGNISED_STATUSES) & Q(recognition_year__isnull=True)),
                name="model_recognition_year_iff_recognised",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ModelStatus.REMOVED, removal_year__isnull=False)
                | (~models.Q(status=ModelStatus.REMOVED) & models.Q(removal_year__isnull=True)),
                name="model_removal_year_iff_removed",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"

    # Each column copied or computed from others, and the columns it comes from: a save that writes some columns
    # refreshes the ones derived from them, and reads no other (a workflow step writing the status reads neither
    # the field nor the agency).
    DERIVED_FROM = {
        "search_text": {"code", "name", "description"},
        "search_name": {"name"},
        "field_position": {"field"},
        "owner_agency_name": {"owner_agency"},
    }

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.fill_derived_fields()
        else:
            written = set(update_fields)
            derived = {column for column, sources in self.DERIVED_FROM.items() if sources & written}
            self.fill_derived_fields(derived)
            kwargs["update_fields"] = written | derived
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_pk("models_registry:detail", self.pk)

    # The page's other tabs (models_registry/views/registry.py): where it has spread, and its history.
    def get_spread_url(self):
        return reverse_pk("models_registry:spread", self.pk)

    def get_history_url(self):
        return reverse_pk("models_registry:history", self.pk)

    def fill_derived_fields(self, columns=None) -> None:
        """The derived columns (all, or those named; save() fills them): the folded code, name and description the
        search reads, and the field's position and the owning agency's name the list sorts by."""
        columns = self.DERIVED_FROM.keys() if columns is None else columns
        if "search_text" in columns:
            self.search_text = self.folded_search_text()
        if "search_name" in columns:
            self.search_name = fold(self.name)
        if "field_position" in columns and self.field_id is not None:
            self.field_position = self.field.order
        if "owner_agency_name" in columns and self.owner_agency_id is not None:
            self.owner_agency_name = self.owner_agency.name

    def folded_search_text(self) -> str:
        return fold(" ".join([self.code, self.name, self.description]))

    @property
    def is_in_list(self) -> bool:
        return self.status in IN_LIST_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    # The workflow's states and moves, and who may make each, are declared here and nowhere else: django-fsm
    # refuses any other move, pages ask it which moves a user may make (core.workflow.allowed_moves), and
    # services make them through core.workflow.apply_transition, which records each as a ModelEvent.
    @transition(
        field=status, source=[ModelStatus.DRAFT, ModelStatus.RETURNED], target=ModelStatus.SUBMITTED,
        permission=acts_for_owner,
    )
    def submit(self):
        pass

    @transition(field=status, source=ModelStatus.SUBMITTED, target=ModelStatus.RECOGNISED, permission=decides)
    def recognise(self):
        pass

    # A model an earlier decision recognised, entered by a reviewer (an existing list being brought in).
    @transition(field=status, source=ModelStatus.DRAFT, target=ModelStatus.RECOGNISED, permission=decides)
    def record_recognised(self):
        pass

    @transition(field=status, source=ModelStatus.SUBMITTED, target=ModelStatus.RETURNED, permission=decides)
    def return_for_revision(self):
        pass

    @transition(field=status, source=ModelStatus.RECOGNISED, target=ModelStatus.FLAGGED, permission=decides)
    def flag(self):
        pass

    @transition(
        field=status, source=ModelStatus.FLAGGED, target=ModelStatus.UNDER_REVIEW, permission=acts_for_owner
    )
    def answer(self):
        pass

    @transition(
        field=status, source=[ModelStatus.FLAGGED, ModelStatus.UNDER_REVIEW], target=ModelStatus.RECOGNISED,
        permission=decides,
    )
    def keep(self):
        pass

    @transition(
        field=status, source=[ModelStatus.FLAGGED, ModelStatus.UNDER_REVIEW], target=ModelStatus.REMOVED,
        permission=decides,
    )
    def remove(self):
        pass

    @transition(field=status, source=ModelStatus.REMOVED, target=ModelStatus.RECOGNISED, permission=decides)
    def restore(self):
        pass

    # Marked typical by a published compilation: no change of status, but a recorded decision.
    @transition(field=status, source=IN_LIST_STATUSES, target=RETURN_VALUE(*IN_LIST_STATUSES), permission=decides)
    def mark_typical(self):
        return self.status

    # Marked effective in a review round: no change of status, but a recorded decision.
    @transition(field=status, source=ModelStatus.RECOGNISED, target=ModelStatus.RECOGNISED, permission=decides)
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
