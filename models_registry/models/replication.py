"""Replication (nhân rộng): a model took up another model already in the list, as is or adapted.

The links form a graph (a model may replicate several, and be replicated by several), never a cycle: the service
(services/replication.py) walks the graph before it adds a link, and a database constraint refuses a model
replicating itself. "Where a model has spread" is the set of models in the list reachable from it along the
links whose replicating model is in the list (`spread_edges_sql()`), walked by core.trees.reachable_ids in the
database; `MovementModelQuerySet.has_been_replicated()` and `.with_spread()` (models/registry.py) read the same
edges, so a count, the list's filter and the model's page agree.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.models import ChoiceLabels

from ..choices import IN_LIST_STATUSES, ReplicationKind


def _links_table() -> str:
    return Replication._meta.db_table


def all_edges_sql() -> str:
    """Every link as a `SELECT child, parent` edge (replicating model, replicated model): the cycle check's graph."""
    return f"SELECT replica_id, source_id FROM {_links_table()}"


def spread_edges_sql() -> str:
    """The links that count for spread: those whose replicating model is in the list (ModelWords.in_list), as
    `SELECT child, parent` edges. A draft that says it replicates a model has not spread it yet."""
    from .registry import MovementModel

    statuses = ", ".join(f"'{status}'" for status in IN_LIST_STATUSES)  # constants of the code, not input
    return (
        f"SELECT link.replica_id, link.source_id FROM {_links_table()} link "
        f"JOIN {MovementModel._meta.db_table} replica ON replica.id = link.replica_id "
        f"WHERE replica.status IN ({statuses})"
    )


class ReplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The links between models the user may read (both ends)."""
        from .registry import MovementModel

        visible = MovementModel.objects.visible_to(user)
        return self.filter(replica__in=visible, source__in=visible)


class Replication(ChoiceLabels, models.Model):
    """One model (the replica) replicates another (the source). Written only by services/replication.py."""

    replica = models.ForeignKey(
        "models_registry.MovementModel",
        verbose_name=_("replicating model"),
        on_delete=models.CASCADE,
        related_name="replication_sources",
    )
    source = models.ForeignKey(
        "models_registry.MovementModel",
        verbose_name=_("replicated model"),
        on_delete=models.CASCADE,
        related_name="replications",
    )
    kind = models.CharField(_("how"), max_length=20, choices=ReplicationKind.choices, default=ReplicationKind.ADOPTED)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked at"), default=timezone.now)

    objects = ReplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("replication link")
        verbose_name_plural = _("replication links")
        ordering = ["source__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["replica", "source"], name="replication_once_per_pair"),
            models.CheckConstraint(condition=~Q(replica=F("source")), name="replication_not_itself"),
        ]
        indexes = [models.Index(fields=["source", "replica"], name="replication_source_idx")]

    def __str__(self):
        return f"{self.replica_id} → {self.source_id}"
