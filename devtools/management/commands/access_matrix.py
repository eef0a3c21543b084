"""Run the permission matrix (every URL pattern x GET and POST x anonymous, no role, each role and the superuser
columns) and print its figures: patterns, cells, failed cells. docs/assurance/access.md records them."""

import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

MATRIX_MODULES = [
    "tests/test_permission_matrix.py",
    "tests/accounts/test_permissions.py",
    "tests/compilations/test_permissions.py",
    "tests/dashboard/test_access.py",
    "tests/meetings/test_permissions.py",
    "tests/models_registry/test_permissions.py",
    "tests/models_registry/test_workflow_permissions.py",
]


class Command(BaseCommand):
    help = "Run the permission matrix and print its figures (patterns, cells, failures). Development only."

    def add_arguments(self, parser):
        parser.add_argument("--workers", default="2", help="pytest-xdist workers (default 2; 0 for none)")

    def handle(self, *args, workers, **options):
        command = [sys.executable, "-m", "pytest", "-q", "-p", "tests.access_figures", "-p", "no:cacheprovider"]
        command += ["-n", workers] if workers != "0" else ["-p", "no:xdist"]
        result = subprocess.run([*command, *MATRIX_MODULES], cwd=settings.BASE_DIR, check=False)
        if result.returncode:
            raise CommandError(f"the permission matrix failed (pytest exit {result.returncode})")
