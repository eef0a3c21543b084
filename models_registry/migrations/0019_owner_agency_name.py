from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from models_registry import count_triggers


def copy_agency_names(apps, schema_editor):
    """Every model gets its owning agency's name, which the list sorts by from now on (one UPDATE)."""
    Agency = apps.get_model("models_registry", "Agency")
    MovementModel = apps.get_model("models_registry", "MovementModel")
    MovementModel.objects.update(
        owner_agency_name=Subquery(Agency.objects.filter(pk=OuterRef("owner_agency_id")).values("name")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("models_registry", "0018_field_position"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Unapplied, removing the column rebuilds the table again: the triggers are made again after it.
        migrations.RunPython(migrations.RunPython.noop, count_triggers.recreate_after_sqlite_rebuild),
        migrations.AddField(
            model_name="movementmodel",
            name="owner_agency_name",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(copy_agency_names, migrations.RunPython.noop),
        migrations.RunPython(count_triggers.recreate_after_sqlite_rebuild, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="movementmodel",
            index=models.Index(fields=["owner_agency_name", "id"], name="model_owner_agency_name_id_idx"),
        ),
    ]
