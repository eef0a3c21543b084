"""Every column the models list sorts by has an index on (column, id), so its keyset pages seek instead of sort."""

import pytest
from django.db import connection

from models_registry.filtersets import MovementModelFilterSet
from models_registry.models import MovementModel


def local_sort_columns():
    ordering = MovementModelFilterSet.base_filters["o"].param_map  # {"name": "name", ...}
    # "spread" (replication) is counted per row, not a column: nothing to index (see docs/performance.md).
    stored = {field.name for field in MovementModel._meta.concrete_fields}
    return [MovementModel._meta.get_field(field).column for field in ordering.values() if field in stored]


@pytest.mark.django_db
@pytest.mark.parametrize("column", local_sort_columns())
def test_each_sortable_column_has_an_index_with_id(column):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, MovementModel._meta.db_table)
    assert any(c["index"] and c["columns"][:2] == [column, "id"] for c in constraints.values()), column
