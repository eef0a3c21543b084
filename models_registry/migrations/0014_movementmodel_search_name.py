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


class Migration(migrations.Migration):

    dependencies = [
        ('models_registry', '0013_replication'),
    ]

    operations = [
        # Unapplied, removing the column rebuilds the table again: the triggers are made again after it.
        migrations.RunPython(migrations.RunPython.noop, count_triggers.recreate_after_sqlite_rebuild),
        migrations.AddField(
            model_name='movementmodel',
            name='search_name',
            field=models.TextField(default='', editable=False),
        ),
        migrations.RunPython(fill_search_name, migrations.RunPython.noop),
        migrations.RunPython(count_triggers.recreate_after_sqlite_rebuild, migrations.RunPython.noop),
    ]
