"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit log (core/audit.py), whatever the
application does. SQLite has no such trigger here; there the model and its QuerySet refuse."""

from django.db import migrations

TABLE = "core_auditentry"

CREATE = f"""
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused on {TABLE}', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""

DROP = f"""
DROP TRIGGER IF EXISTS core_auditentry_append_only ON {TABLE};
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # no placeholders: the "%" is PL/pgSQL's


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_log")]

    operations = [migrations.RunPython(create, drop)]
