from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("dashboard", "RegistryVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="RegistryVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=1)),
            ],
            options={
                "verbose_name": "registry version",
                "verbose_name_plural": "registry versions",
                "default_permissions": (),
                "permissions": [("view_province_dashboard", "Can see the whole province's dashboard")],
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
