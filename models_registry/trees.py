"""Recursive look-ups over self-referencing tables, in one SQL query on SQLite and PostgreSQL alike.

Both databases run `WITH RECURSIVE`; the query is used as a subquery (`pk__in=...`), so a list page
keeps a fixed number of queries however deep the tree or the chain of mergers is.
"""

from django.db.models.expressions import RawSQL


def reachable_ids(edges_sql: str, start_id: int) -> RawSQL:
    """Ids reachable from start_id (itself included) along edges_sql, a `SELECT child, parent` query."""
    # The start id is cast to the ids' type: PostgreSQL refuses a recursive term whose columns are
    # bigint when the parameter came in as integer.
    return RawSQL(
        "WITH RECURSIVE edges(child, parent) AS (" + edges_sql + "), "
        "reached(id) AS (SELECT CAST(%s AS BIGINT) "
        "UNION SELECT edges.child FROM edges JOIN reached ON edges.parent = reached.id) "
        "SELECT id FROM reached",
        (start_id,),
    )
