"""The triggers that keep ModelCount in step with the models table, in the same transaction as every change.

PostgreSQL: one statement-level trigger per operation, reading the statement's changed rows as a table, so a
bulk INSERT ... SELECT of a million models adds a few thousand groups in one pass; an UPDATE that leaves the
counted columns alone (an edit of a name) writes nothing. Groups are upserted in key order, so two transactions
never wait on each other's groups in opposite orders. SQLite (no transition tables): row-level triggers.
"""

TABLE = "models_registry_movementmodel"
COUNTS = "models_registry_modelcount"
KEY = ["status", "recognition_year", "removal_year", "is_typical", "field_id", "owner_agency_id", "registered_unit_id"]
_KEY = ", ".join(KEY)


def _pg_upsert(source: str) -> str:
    return f"""
        INSERT INTO {COUNTS} AS c ({_KEY}, n)
        SELECT {_KEY}, SUM(d) FROM ({source}) AS changes
        GROUP BY {_KEY} HAVING SUM(d) <> 0 ORDER BY {_KEY}
        ON CONFLICT ({_KEY}) DO UPDATE SET n = c.n + EXCLUDED.n;"""


POSTGRESQL = [
    f"CREATE UNIQUE INDEX model_count_key ON {COUNTS} ({_KEY}) NULLS NOT DISTINCT",
    f"""CREATE FUNCTION models_registry_count_models() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        {_pg_upsert(f"SELECT {_KEY}, 1 AS d FROM new_rows")}
      ELSIF TG_OP = 'UPDATE' THEN
        {_pg_upsert(f"SELECT {_KEY}, -1 AS d FROM old_rows UNION ALL SELECT {_KEY}, 1 FROM new_rows")}
      ELSE
        {_pg_upsert(f"SELECT {_KEY}, -1 AS d FROM old_rows")}
      END IF;
      RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER models_registry_count_insert AFTER INSERT ON {TABLE}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION models_registry_count_models()""",
    f"""CREATE TRIGGER models_registry_count_update AFTER UPDATE ON {TABLE}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION models_registry_count_models()""",
    f"""CREATE TRIGGER models_registry_count_delete AFTER DELETE ON {TABLE}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION models_registry_count_models()""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS models_registry_count_insert ON {TABLE}",
    f"DROP TRIGGER IF EXISTS models_registry_count_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS models_registry_count_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS models_registry_count_models()",
    "DROP INDEX IF EXISTS model_count_key",
]


def _sqlite_add(row: str, delta: int) -> str:
    match = " AND ".join(f"{column} IS {row}.{column}" for column in KEY)
    values = ", ".join(f"{row}.{column}" for column in KEY)
    return f"""
        INSERT INTO {COUNTS} ({_KEY}, n) SELECT {values}, 0
            WHERE NOT EXISTS (SELECT 1 FROM {COUNTS} WHERE {match});
        UPDATE {COUNTS} SET n = n + ({delta}) WHERE {match};"""


_CHANGED = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in KEY)
SQLITE = [
    f"CREATE UNIQUE INDEX model_count_key ON {COUNTS} ({_KEY})",
    f"CREATE TRIGGER models_registry_count_insert AFTER INSERT ON {TABLE} BEGIN {_sqlite_add('NEW', 1)} END",
    f"""CREATE TRIGGER models_registry_count_update AFTER UPDATE ON {TABLE} WHEN {_CHANGED}
        BEGIN {_sqlite_add('OLD', -1)} {_sqlite_add('NEW', 1)} END""",
    f"CREATE TRIGGER models_registry_count_delete AFTER DELETE ON {TABLE} BEGIN {_sqlite_add('OLD', -1)} END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS models_registry_count_insert",
    "DROP TRIGGER IF EXISTS models_registry_count_update",
    "DROP TRIGGER IF EXISTS models_registry_count_delete",
    "DROP INDEX IF EXISTS model_count_key",
]

REBUILD = [
    f"DELETE FROM {COUNTS}",
    f"INSERT INTO {COUNTS} ({_KEY}, n) SELECT {_KEY}, COUNT(*) FROM {TABLE} GROUP BY {_KEY}",
]


def create(schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"No model count triggers for {vendor}")
    for statement in [*statements, *REBUILD]:
        schema_editor.execute(statement, params=None)


def drop(schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}.get(vendor, []):
        schema_editor.execute(statement, params=None)


def recreate_after_sqlite_rebuild(apps, schema_editor):
    """For a migration that changes the models table's columns: SQLite does it by rebuilding the table, which drops
    its triggers, so the counts the dashboard reads would stop following the models. PostgreSQL keeps them."""
    if schema_editor.connection.vendor == "sqlite":
        drop(schema_editor)
        create(schema_editor)
