from django.db import migrations


def load(apps, schema_editor):
    from models_registry.reference_data import load_all

    load_all(apps)


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0002_search_trigram_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
