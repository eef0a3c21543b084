from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.trees import Tree, reachable_ids

from ..choices import UnitLevel


class AdministrativeUnitQuerySet(models.QuerySet):
    def current(self):
        """Units that exist today (not ended by a reorganisation)."""
        return self.filter(valid_to__isnull=True)

    def counted_under(self, unit):
        """The unit, every unit beneath it, and every unit merged into any of those, at any date.

        A model registered in 2023 in a commune that was merged in 2025 is thereby found under the
        commune (and the province) it belongs to today, while it still records the unit it was
        registered in.
        """
        edges = (
            f"SELECT id, parent_id FROM {AdministrativeUnit._meta.db_table} WHERE parent_id IS NOT NULL "
            f"UNION ALL SELECT predecessor_id, successor_id FROM {UnitSuccession._meta.db_table}"
        )
        return self.filter(pk__in=reachable_ids(edges, unit.pk if hasattr(unit, "pk") else unit))

    def current_units_of(self, units) -> dict[int, list["AdministrativeUnit"]]:
        """`unit.current_units()` for many units at once, in two queries whatever their number: the successions
        are read whole (a small table) and walked in memory, then the current units they lead to are read.
        Each unit needs its `parent` loaded (select_related) for the rule of a district abolished without
        successor."""
        units = list(units)
        successors = Tree(
            (successor, predecessor)
            for predecessor, successor in UnitSuccession.objects.values_list("predecessor_id", "successor_id")
        )

        def reached(unit) -> set[int]:
            if unit.valid_to is None:
                return {unit.pk}
            onward = successors.descendants(unit.pk) - {unit.pk}
            if not onward and unit.level == UnitLevel.DISTRICT and unit.parent_id:
                return reached(unit.parent)
            return onward

        candidates = {unit.pk: reached(unit) for unit in units}
        wanted = set().union(*candidates.values()) if candidates else set()
        current = {unit.pk: unit for unit in self.model.objects.current().filter(pk__in=wanted)} if wanted else {}
        return {
            pk: sorted((current[c] for c in ids if c in current), key=lambda unit: unit.name)
            for pk, ids in candidates.items()
        }

    def tree(self) -> Tree:
        """Units under their parents and former units under their successors, in memory: `descendants(unit)`
        is what counted_under(unit) finds."""
        edges = list(self.model.objects.values_list("pk", "parent_id"))
        edges += list(UnitSuccession.objects.values_list("predecessor_id", "successor_id"))
        return Tree(edges)


class AdministrativeUnit(models.Model):
    """A province, district or commune-level unit as it existed between valid_from and valid_to.

    Reorganisations do not rewrite units: a unit that ends gets valid_to and successors, and the new
    units are new rows (even when the General Statistics Office kept the old code for them).
    """

    code = models.CharField(_("official code"), max_length=10, help_text=_("Code of the General Statistics Office."))
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("merged into"),
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    objects = AdministrativeUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(valid_to__isnull=True), name="unit_current_code_unique"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(valid_from__isnull=True), name="unit_original_code_unique"
            ),
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_valid_from_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_period_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def current_units(self) -> list["AdministrativeUnit"]:
        """The unit(s) that stand for this one today: itself, or its successors' current units.

        Empty when the unit ended without a recorded successor (the sources have a few such gaps). A
        district abolished in 2025 without successor is found under its province's successor.
        """
        if self.is_current:
            return [self]
        successors = list(self.successors.all())
        if not successors:
            if self.level == UnitLevel.DISTRICT and self.parent_id:
                return self.parent.current_units()
            return []
        # Reorganisations run forward in time, so this recursion ends.
        current = {unit.pk: unit for successor in successors for unit in successor.current_units()}
        return sorted(current.values(), key=lambda unit: unit.name)


class UnitSuccession(models.Model):
    """One unit (or part of it) became part of another on a given date."""

    class Share(models.TextChoices):
        FULL = "full", _("whole unit")
        PART = "part", _("part of the unit")

    predecessor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("former unit"), on_delete=models.PROTECT, related_name="+"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("merged into"), on_delete=models.PROTECT, related_name="+"
    )
    effective_date = models.DateField(_("effective date"))
    share = models.CharField(_("share"), max_length=10, choices=Share.choices, default=Share.FULL)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="unit_succession_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"
