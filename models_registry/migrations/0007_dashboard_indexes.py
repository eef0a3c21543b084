from django.db import migrations, models


class Migration(migrations.Migration):
    """A covering index for the dashboard's GROUP BY queries (dashboard/figures.py), on SQLite and PostgreSQL."""

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
    ]
