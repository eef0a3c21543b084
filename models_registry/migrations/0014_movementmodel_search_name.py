"""The folded name in its own column, so a searched list can rank the models whose name matches first
(core.search.search_rank); filled here for the models already saved."""

from django.db import migrations, models

from core.search import fold
from models_registry import count_triggers


def fill_search_name(apps, schema_editor):
    Model = apps.get_model("models_registry", "MovementModel")
    batch = []
    for model in Model.objects.only("pk", "name").iterator(chunk_size=2000):
        model.search_name = fold(model.name)
        batch.append(model)
        if len(batch) >= 2000:
            Model.objects.bulk_update(batch, ["search_name"])
            batch = []
    Model.objects.bulk_update(batch, ["search_name"])


def recreate_count_triggers(apps, schema_editor):
    """SQLite adds the column by rebuilding the models table, which drops its triggers: the counts the dashboard
    reads (ModelCount, migration 0012) would stop following the models. PostgreSQL keeps them."""
    if schema_editor.connection.vendor == "sqlite":
        count_triggers.drop(schema_editor)
        count_triggers.create(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('models_registry', '0013_replication'),
    ]

    operations = [
        # Unapplied, removing the column rebuilds the table again: the triggers are made again after it.
        migrations.RunPython(migrations.RunPython.noop, recreate_count_triggers),
        migrations.AddField(
            model_name='movementmodel',
            name='search_name',
            field=models.TextField(default='', editable=False),
        ),
        migrations.RunPython(fill_search_name, migrations.RunPython.noop),
        migrations.RunPython(recreate_count_triggers, migrations.RunPython.noop),
    ]
