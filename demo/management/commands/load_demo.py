from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import Role
from demo import registry as demo
from demo.compilations import EXTRA_REVIEWERS
from demo.loader import load_demo
from models_registry.models import MovementModel


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, agency) of every account the demo creates for people to try (the README's table): the
    registry demo's, and the reviewers the compilations demo adds, after the other reviewers."""
    logins = [(user.username, user.role.value, user.agency or "—") for user in demo.DEMO_USERS]
    known = {username for username, _role, _agency in logins}
    extra = [
        (username, Role.REVIEWER.value, agency)
        for username, (_family, _given, agency, _title) in EXTRA_REVIEWERS.items()
        if username not in known
    ]
    last_reviewer = max(i for i, (_u, role, _a) in enumerate(logins) if role == Role.REVIEWER.value)
    return logins[: last_reviewer + 1] + extra + logins[last_reviewer + 1 :]


class Command(BaseCommand):
    help = (
        "Load the DEMO data: real Ninh Bình agencies, invented models (1,635 in the list, 421 new in 2023) and "
        "demo users for every role, all with the same published password. Running it again changes nothing. "
        "Refuses to run with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off. Never on a production database: the demo password is public.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: the demo accounts share a published password. "
                "Use --force only on a database that is not in production."
            )
        result = load_demo(stdout=self.stdout)
        # Every write went through the services, and so told the dashboard's cache that the figures changed.
        self.stdout.write(self.style.WARNING("DEMO DATA: invented models and people, for trying the application."))
        self.stdout.write(
            f"Created {result.agencies_created} agencies, {result.users_created} users and "
            f"{result.models_created} models (none when the demo was already loaded)."
        )
        self._write_logins()
        # The dashboard's words (ModelWords, through the QuerySet), not a calculation of the command's own.
        models = MovementModel.objects
        self.stdout.write(
            f"\nModels in the list: {models.in_list().count():,}; new in 2023: {models.recognised_in(2023).count():,}; "
            f"in the list at the end of 2023: {models.in_list_at_end_of(2023).count():,}; "
            f"removed in 2023: {models.removed_in(2023).count():,}."
        )

    def _write_logins(self):
        rows = [("username", "role", "agency", "password")]
        rows += [(username, role, agency, demo.DEMO_PASSWORD) for username, role, agency in demo_logins()]
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        self.stdout.write("\nDemo logins:")
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
        self.stdout.write(
            f"Reviewers and the administrator then give a code from an authenticator app with the key "
            f"{demo.DEMO_TOTP_KEY_BASE32} (or `python manage.py totp_code USERNAME` in a checkout)."
        )
