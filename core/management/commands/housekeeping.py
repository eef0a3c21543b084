"""The periodic chores of background work: send e-mails that are due (retries), give jobs whose worker died back to the
queue or mark them failed (core.jobs.requeue_lost, which every `jobs_worker` also runs), delete expired results. Run
it from cron or the compose `housekeeping` service (`--every 300`); one run is cheap when there is nothing to do."""

import time

from django.core.management.base import BaseCommand

from core.jobs import delete_expired, requeue_lost
from core.mail import deliver_due


class Command(BaseCommand):
    help = "Send due e-mails, requeue lost jobs, delete expired job results (once, or --every N seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds (0: run once).")

    def handle(self, *args, every=0, **options):
        while True:
            sent, failed = deliver_due()
            requeued = requeue_lost()
            expired = delete_expired()
            self.stdout.write(
                f"e-mails sent {sent}, failed {failed}; jobs requeued or stalled {requeued}; results deleted {expired}"
            )
            if not every:
                return
            time.sleep(every)
