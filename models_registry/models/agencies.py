from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.trees import Tree, reachable_ids

from ..choices import AgencyKind


def _edges() -> str:
    return f"SELECT id, parent_id FROM {Agency._meta.db_table} WHERE parent_id IS NOT NULL"


def _pk(agency) -> int:
    return agency.pk if hasattr(agency, "pk") else agency


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def subtree_of(self, agency):
        """The agency and every agency beneath it, at any depth."""
        return self.filter(pk__in=reachable_ids(_edges(), _pk(agency)))

    def ancestors_of(self, agency):
        """The agency and every agency above it."""
        return self.filter(pk__in=reachable_ids(_edges(), _pk(agency), upwards=True))

    def tree(self) -> Tree:
        """The whole tree in memory, for code that walks it many times in one go."""
        return Tree(self.model.objects.values_list("pk", "parent_id"))


class Agency(models.Model):
    """An agency, locality or organisation that owns models (Party, state, Front, mass organisation...)."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    administrative_unit = models.ForeignKey(
        "models_registry.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Dissolved agencies are kept, inactive, with their models.")
    )

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["name", "parent"], name="agency_name_unique_under_parent"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="agency_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Each model keeps a copy of its owning agency's name, for the index the list sorts by (MovementModel).
        self.owned_models.exclude(owner_agency_name=self.name).update(owner_agency_name=self.name)
