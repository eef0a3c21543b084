"""Where a model came from and where it has spread: what its page (and the compilation's scoring page) shows.

A fixed number of queries whatever the number of models reached: the links it replicates (1), the models in the
list reached from it by the recursive walk (core.trees.reachable_ids over spread_edges_sql: 1), the links among
those (1) and their units as they are today (AdministrativeUnit.objects.current_units_of: 2).
"""

from collections import defaultdict, deque
from dataclasses import dataclass, field

from core.trees import reachable_ids

from .choices import ReplicationKind, UnitLevel
from .models import AdministrativeUnit, MovementModel, Replication
from .models.replication import spread_edges_sql


@dataclass
class Reached:
    """A model that replicates the model, directly (depth 1) or onward through the models listed in `via`."""

    model: MovementModel
    depth: int
    kind: str = ""
    via: list[MovementModel] = field(default_factory=list)
    units_today: list[AdministrativeUnit] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return ReplicationKind(self.kind).label if self.kind else ""


@dataclass
class ModelSpread:
    sources: list[Replication]  # each with `units_today`
    reached: list[Reached]

    @property
    def direct(self) -> list[Reached]:
        return [row for row in self.reached if row.depth == 1]

    @property
    def onward(self) -> list[Reached]:
        return [row for row in self.reached if row.depth > 1]

    @property
    def communes(self) -> set[int]:
        """Today's communes and wards where a model replicating it (directly or onward) is registered."""
        return {unit.pk for row in self.reached for unit in row.units_today if unit.level == UnitLevel.COMMUNE}

    @property
    def agencies(self) -> set[int]:
        return {row.model.owner_agency_id for row in self.reached}


def model_spread(model: MovementModel, user) -> ModelSpread:
    """The model's sources the user may read, and the models in the list it has spread to, with today's units."""
    related = ("owner_agency", "registered_unit__parent")
    sources = list(
        Replication.objects.filter(replica=model, source__in=MovementModel.objects.visible_to(user))
        .select_related(*(f"source__{name}" for name in related), "created_by")
        .order_by("source__code", "pk")
    )
    reached_models = {
        row.pk: row
        for row in MovementModel.objects.filter(pk__in=reachable_ids(spread_edges_sql(), model.pk))
        .exclude(pk=model.pk)
        .select_related(*related)
    }
    links = defaultdict(list)  # source id -> [(replica id, kind)]
    if reached_models:
        for replica_id, source_id, kind in Replication.objects.filter(replica__in=list(reached_models)).values_list(
            "replica_id", "source_id", "kind"
        ):
            links[source_id].append((replica_id, kind))
    # Breadth first from the model: each reached model at its shortest distance, through the models it came by.
    rows: dict[int, Reached] = {}
    queue = deque([(model.pk, 0, [])])
    while queue:
        node, depth, path = queue.popleft()
        for replica_id, kind in sorted(links.get(node, ())):
            if replica_id in rows or replica_id not in reached_models:
                continue
            rows[replica_id] = Reached(reached_models[replica_id], depth + 1, kind, path)
            queue.append((replica_id, depth + 1, [*path, reached_models[replica_id]]))
    units = [row.model.registered_unit for row in rows.values()] + [link.source.registered_unit for link in sources]
    today = AdministrativeUnit.objects.current_units_of(units)
    for row in rows.values():
        row.units_today = today[row.model.registered_unit_id]
    for link in sources:
        link.units_today = today[link.source.registered_unit_id]
    reached = sorted(rows.values(), key=lambda row: (row.depth, row.model.code))
    return ModelSpread(sources=sources, reached=reached)
