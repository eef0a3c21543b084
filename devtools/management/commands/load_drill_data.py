import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.drills.data import load_drill_data


class Command(BaseCommand):
    help = (
        "Add a small registry for the drills through the services: the demo's agencies and accounts (password "
        "dvk-demo-2024), models with indicators and evidence files for each demo official, half of them "
        "recognised. Development and CI only: refused with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--models-per-official", type=int, default=12)
        parser.add_argument("--files-per-model", type=int, default=2)
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the created ids as JSON.")
        parser.add_argument("--force", action="store_true", help="Load with DEBUG off (never in production).")

    def handle(self, models_per_official, files_per_model, as_json=False, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing with DEBUG off: the drill accounts share a published password. Use --force.")
        data = load_drill_data(models_per_official=models_per_official, files_per_model=files_per_model)
        if as_json:
            self.stdout.write(json.dumps({"drafts": data.drafts, "recognised": data.recognised}))
            return
        drafts = sum(len(ids) for ids in data.drafts.values())
        self.stdout.write(
            f"Drill data: {drafts} drafts and {len(data.recognised)} recognised models, {data.files} evidence files."
        )
