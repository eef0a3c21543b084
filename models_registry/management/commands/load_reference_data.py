from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from models_registry.reference_data import load_all


class Command(BaseCommand):
    help = (
        "Load the reference data that ships with the project (Ninh Bình's administrative units and their "
        "2025 successions, fields, indicator types). Migrations already do this; running it again adds "
        "whatever is missing and changes nothing else."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        load_all(apps)
        Unit = apps.get_model("models_registry", "AdministrativeUnit")
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded: {Unit.objects.count()} administrative units."))
