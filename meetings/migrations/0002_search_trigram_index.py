"""On PostgreSQL, a trigram index serves the accent-insensitive search of directives (search_text LIKE
'%...%'), as for the registry's models. SQLite has no such index type; there the same query scans."""

from django.db import migrations

INDEX = "meetings_directive_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON meetings_directive USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("models_registry", "0002_search_trigram_index")]
    operations = [migrations.RunPython(create_index, drop_index)]
