"""Make every process recompute the dashboard's figures: after writes that send no signal.

    python manage.py refresh_dashboard

Saves and deletes bump the registry version by themselves (dashboard/versioning.py); a bulk import
(bulk_create, QuerySet.update(), raw SQL, a restored backup) does not, and the cached figures would stay as
they were for up to an hour. This bumps the version once.
"""

from django.core.management.base import BaseCommand

from dashboard import versioning


class Command(BaseCommand):
    help = "Bump the registry version, so the dashboard's cached figures are recomputed (after a bulk import)."

    def handle(self, *args, **options):
        versioning._bump_now()
        self.stdout.write(f"Registry version is now {versioning.current()}.")
