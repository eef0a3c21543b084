import json
from pathlib import Path

from django.core.management.base import BaseCommand

from devtools.drills.verify import lost_writes


class Command(BaseCommand):
    help = (
        "Read the restart drill's log of acknowledged writes (JSON lines: kind, id, token) and print, as JSON, how "
        "many were checked and those not in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("log", type=Path)

    def handle(self, log, **options):
        acks = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
        self.stdout.write(json.dumps({"checked": len(acks), "lost": lost_writes(acks)}, ensure_ascii=False))
