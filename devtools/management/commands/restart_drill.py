"""python manage.py restart_drill --seconds 20 --clients 6

Starts a PostgreSQL of its own (initdb/pg_ctl from /usr/lib/postgresql/*/bin, a temporary folder, a free
loopback port; the shared server is never touched), migrates it, loads a small registry, serves the app with
gunicorn and DEBUG off, and runs officials (creating and editing models), reviewers (flagging and keeping) and
leaders (reading the dashboard) for --seconds. At 25 % of the run PostgreSQL restarts in fast mode, at 50 % in
immediate mode (no checkpoint: crash recovery). Afterwards every write the app acknowledged is looked for in the
database. Exits non-zero when one is lost, when the app did not answer again within 30 s of a restart, or when
no write was acknowledged. docs/assurance/restart.md has the figures.
"""

import signal
import sys

from django.core.management.base import BaseCommand, CommandError

from devtools.drills.restart import run_drill


class Command(BaseCommand):
    help = __doc__.split("\n\n")[1].replace("\n", " ")

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=20.0, help="How long the clients run (default 20).")
        parser.add_argument("--clients", type=int, default=6, help="Concurrent sessions (default 6).")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3).")

    def handle(self, seconds, clients, workers, **options):
        if seconds < 5 or not 1 <= clients <= 50:
            raise CommandError("Give --seconds of at least 5 and between 1 and 50 --clients.")
        # A stopped drill still removes its PostgreSQL and gunicorn (the `finally` of run_drill).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        report = run_drill(seconds=seconds, clients=clients, workers=workers, say=self.stdout.write)
        out = self.stdout.write
        outcomes = ", ".join(f"{count} {name}" for name, count in sorted(report.outcomes.items()))
        out(f"Requests: {report.requests} ({outcomes})")
        for restart in report.restarts:
            recover = f"{restart.time_to_recover:.2f} s" if restart.time_to_recover is not None else "NO RECOVERY"
            out(
                f"Restart ({restart.mode}): server away {restart.server_away:.1f} s, errors during the outage "
                f"{restart.errors}, time to recover once it was back {recover}"
            )
        out(f"Errors outside the outages: {report.errors_outside_outages} {sorted(set(report.outside))}")
        for kind, figures in report.by_kind.items():
            out(f"  {kind:<18} {figures}")
        acknowledged = ", ".join(f"{count} {kind}" for kind, count in sorted(report.acknowledged.items()))
        out(f"Writes acknowledged: {sum(report.acknowledged.values())} ({acknowledged})")
        out(f"Writes lost: {len(report.lost)}")
        for ack in report.lost[:20]:
            out(self.style.ERROR(f"  LOST {ack}"))
        if report.failures:
            raise CommandError("; ".join(report.failures))
        out(self.style.SUCCESS("The app recovered by itself and every acknowledged write is in the database."))
