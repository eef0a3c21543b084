"""A compilation of typical models ("100 mô hình, điển hình tiêu biểu giai đoạn 2021–2025"): the reviewers
nominate models in the list, score each nomination against the four criteria, select the best up to the
compilation's capacity, write each one up with a photo, and publish it.

Every write goes through services.py; every row keeps its history (django-simple-history).
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.history import HistoricalRecords
from core.links import reverse_pk
from core.models import Timestamped
from models_registry.models import MovementModel
from models_registry.models.registry import FIRST_YEAR

from .choices import CRITERIA, SCORE_MAX, SCORE_MIN, CompilationStatus

MAX_CAPACITY = 1000  # a compilation is a booklet; anything larger is a typo
WRITE_UP_MAX_LENGTH = 3000  # "a short write-up": about a page of the booklet


class CompilationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CompilationStatus.PUBLISHED)

    def visible_to(self, user):
        """Published compilations for every reader; the ones in progress for reviewers and leaders."""
        if not user.is_authenticated or not user.has_perm("compilations.view_compilation"):
            return self.none()
        if user.has_perm("compilations.view_draft_compilation"):
            return self
        return self.published()


class Compilation(Timestamped):
    """A booklet of at most `capacity` typical models of a period, chosen by the reviewers."""

    title = models.CharField(_("title"), max_length=300)
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    # Fixed at creation: no service changes it, and the admin shows it read-only.
    capacity = models.PositiveSmallIntegerField(
        _("number of entries"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("The most models the compilation may hold. It cannot be changed later."),
    )
    status = FSMField(_("status"), max_length=20, choices=CompilationStatus.choices, default=CompilationStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
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

    objects = CompilationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("compilation")
        verbose_name_plural = _("compilations")
        ordering = ["-last_year", "-pk"]
        permissions = [
            ("manage_compilation", _("Can nominate, score, select, write up and publish compilation entries")),
            ("view_draft_compilation", _("Can read compilations before they are published")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=F("first_year")), name="compilation_period_ordered"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY), name="compilation_capacity_bounded"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_pk("compilations:detail", self.pk)

    @property
    def is_published(self) -> bool:
        return self.status == CompilationStatus.PUBLISHED

    @transition(
        field=status,
        source=CompilationStatus.OPEN,
        target=CompilationStatus.PUBLISHED,
        permission=lambda compilation, user: user.has_perm("compilations.manage_compilation"),
    )
    def publish(self):
        pass

    @property
    def period(self) -> str:
        return f"{self.first_year}–{self.last_year}"


def _total_expression():
    """A score's total (the four criteria added up), seen from a nomination."""
    return sum((F(f"scores__{name}") for name, _label in CRITERIA[1:]), F(f"scores__{CRITERIA[0][0]}"))


class NominationQuerySet(models.QuerySet):
    def with_scores(self):
        """Each nomination's number of scores and average total (the sum of the four criteria, averaged
        over the reviewers who scored it), computed by the database."""
        total = _total_expression()
        return self.annotate(
            score_count=Count("scores", distinct=True),
            average_score=Coalesce(Cast(Avg(total), FloatField()), 0.0, output_field=FloatField()),
        )

    def by_score(self):
        """Highest average first; ties go to the nomination with more scores, then to the earlier one."""
        return self.with_scores().order_by("-average_score", "-score_count", "nominated_at", "pk")

    def selected(self):
        return self.filter(selected=True)

    def published_for_public(self):
        """The entries the public showcase shows: selected in a published compilation, of a model still shown
        publicly (MovementModel.objects.published_for_public()). Their photo is the only file made public."""
        return self.filter(
            selected=True,
            compilation__status=CompilationStatus.PUBLISHED,
            model__in=MovementModel.objects.published_for_public(),
        )

    def in_booklet_order(self):
        """The published compilation's order: by field (as the fields are ordered), then by model name."""
        return self.order_by("model__field__order", "model__field__name", "model__name", "pk")


def photo_path(instance, filename):
    # A random folder keeps names unguessable; the files are served only through a permission-checked view.
    name = get_valid_filename(PurePath(filename).name)
    return f"compilations/{instance.compilation_id}/{uuid.uuid4().hex}/{name}"


class Nomination(models.Model):
    """A model in the list proposed for a compilation, with its scores, and once selected its write-up and photo."""

    compilation = models.ForeignKey(Compilation, on_delete=models.PROTECT, related_name="nominations")
    model = models.ForeignKey(
        MovementModel, verbose_name=_("model"), on_delete=models.PROTECT, related_name="compilation_nominations"
    )
    reason = models.TextField(_("why it is nominated"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(_("nominated at"), default=timezone.now, editable=False)
    selected = models.BooleanField(_("selected"), default=False)
    write_up = models.TextField(_("write-up"), blank=True, max_length=WRITE_UP_MAX_LENGTH)
    photo = models.FileField(_("photo"), upload_to=photo_path, max_length=300, blank=True)
    photo_name = models.CharField(_("photo file name"), max_length=255, blank=True)
    photo_content_type = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NominationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["nominated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["compilation", "model"], name="nomination_once_per_compilation"),
        ]
        indexes = [models.Index(fields=["compilation", "selected"], name="nomination_selected_idx")]

    def __str__(self):
        return str(self.model)

    def get_absolute_url(self):
        return reverse("compilations:nomination", args=[self.compilation_id, self.pk])

    @property
    def is_ready(self) -> bool:
        """Written up with a photo: what publishing asks of every selected entry."""
        return bool(self.write_up.strip() and self.photo)


def _criterion_field(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )


class Score(Timestamped):
    """One reviewer's score of a nomination: one mark per criterion. A reviewer scores a nomination once and
    may change it while the compilation is open."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="scores")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    concrete_address = _criterion_field(CRITERIA[0][1])
    way_of_working = _criterion_field(CRITERIA[1][1])
    measurable_results = _criterion_field(CRITERIA[2][1])
    replicated = _criterion_field(CRITERIA[3][1])
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "reviewer"], name="score_once_per_reviewer"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": SCORE_MIN, f"{name}__lte": SCORE_MAX}),
                    name=f"score_{name}_in_range",
                )
                for name, _label in CRITERIA
            ),
        ]

    def __str__(self):
        return f"{self.nomination} · {self.reviewer}: {self.total}"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name, _label in CRITERIA)
