"""On PostgreSQL, a trigram index serves the accent-insensitive substring search (search_text LIKE
'%...%'). SQLite has no such index type; there the same query scans, with the same results."""

from django.db import migrations

INDEX = "models_registry_movementmodel_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON models_registry_movementmodel USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
