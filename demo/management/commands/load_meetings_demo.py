from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.meetings import load_meetings_demo


class Command(BaseCommand):
    help = (
        "Load the demo meetings: the source's joint conference of the two provincial steering committees with its "
        "directives and their follow-up, and a few other meetings of 2023-2024. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DJANGO_DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data creates demo accounts: run it with DJANGO_DEBUG=1, or pass --force.")
        load_meetings_demo(stdout=self.stdout)
