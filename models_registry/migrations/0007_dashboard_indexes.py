from django.db import migrations, models

TABLE = "models_registry_movementmodel"


def create_statistics(apps, schema_editor):
    """PostgreSQL guesses the groups of (field, owning agency, unit) as the product of their distinct values
    (100,000 at a million models, against a few thousand real ones) and then sorts instead of hashing; the
    multivariate n-distinct statistics give it the real number."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE STATISTICS IF NOT EXISTS model_dashboard_ndistinct (ndistinct) "
            f"ON field_id, owner_agency_id, registered_unit_id FROM {TABLE}"
        )


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS model_dashboard_ndistinct")


class Migration(migrations.Migration):
    """A covering index for the dashboard's GROUP BY queries (dashboard/figures.py), on SQLite and PostgreSQL,
    and on PostgreSQL the statistics that let it plan the breakdown by field, agency and unit well."""

    dependencies = [
        ("models_registry", "0006_removal_year"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="movementmodel",
            index=models.Index(
                fields=[
                    "status",
                    "recognition_year",
                    "removal_year",
                    "is_typical",
                    "field",
                    "owner_agency",
                    "registered_unit",
                ],
                name="model_dashboard_idx",
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
