"""The one tree walker: what is reachable from a node along `child → parent` edges, downwards or upwards.

Two forms of the same walk. `reachable_ids()` runs it in the database as one `WITH RECURSIVE` query (SQLite and
PostgreSQL alike), used as a subquery (`pk__in=...`), so a list page keeps a fixed number of queries however deep
the tree or the chain of mergers is. `Tree` runs it over edges already read into memory, for code that walks the
same small tree many times in one go (the dashboard's breakdowns).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models.expressions import RawSQL


def reachable_ids(edges_sql: str, start_id: int, *, upwards: bool = False) -> RawSQL:
    """Ids reachable from start_id (itself included) along edges_sql, a `SELECT child, parent` query:
    its descendants, or with upwards=True its ancestors."""
    step = "edges.parent FROM edges JOIN reached ON edges.child" if upwards else (
        "edges.child FROM edges JOIN reached ON edges.parent"
    )
    # The start id is cast to the ids' type: PostgreSQL refuses a recursive term whose columns are
    # bigint when the parameter came in as integer.
    return RawSQL(
        "WITH RECURSIVE edges(child, parent) AS (" + edges_sql + "), "
        "reached(id) AS (SELECT CAST(%s AS BIGINT) "
        f"UNION SELECT {step} = reached.id) "
        "SELECT id FROM reached",
        (start_id,),
    )


class Tree:
    """`child → parent` edges held in memory; `descendants()` and `ancestors()` include the start node."""

    def __init__(self, edges: Iterable[tuple[int, int | None]]):
        self.children: dict[int, list[int]] = defaultdict(list)
        self.parents: dict[int, list[int]] = defaultdict(list)
        for child, parent in edges:
            if parent is not None:
                self.children[parent].append(child)
                self.parents[child].append(parent)

    @staticmethod
    def _walk(links: dict, start: int) -> set[int]:
        seen, todo = {start}, [start]
        while todo:
            for node in links.get(todo.pop(), ()):
                if node not in seen:
                    seen.add(node)
                    todo.append(node)
        return seen

    def descendants(self, start: int) -> set[int]:
        return self._walk(self.children, start)

    def ancestors(self, start: int) -> set[int]:
        return self._walk(self.parents, start)

    def has_parent(self, node: int) -> bool:
        return bool(self.parents.get(node))
