"""The job worker to run: django_tasks_db's `db_worker`, plus a recovery pass every --recover-every seconds in a
thread of its own. The pass gives back to the queue the jobs of a worker that died mid-job (on PostgreSQL found by
their free lock within seconds, see core.jobs) and sends e-mails left due. Every worker runs it: any survivor picks
up a dead one's work, with no extra service to keep alive."""

import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from core.jobs import requeue_lost
from core.mail import deliver_due

if settings.TASKS_BACKEND == "database":
    from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
else:  # no queue to work on: jobs run in-process (DJANGO_TASKS_BACKEND=immediate); handle() says so
    DbWorkerCommand = BaseCommand

logger = logging.getLogger(__name__)


def recovery_pass() -> None:
    try:
        touched = requeue_lost()
        sent, failed = deliver_due()
        if touched or sent or failed:
            logger.warning("Recovery: jobs requeued or failed %s; e-mails sent %s, failed %s", touched, sent, failed)
    except Exception:  # the database away for a moment: the next pass tries again
        logger.exception("Recovery pass failed")
    finally:
        close_old_connections()


def recover_forever(every: float) -> None:
    while True:
        recovery_pass()
        time.sleep(every)


class Command(DbWorkerCommand):
    help = "Run the job worker (db_worker), recovering the work of dead workers every --recover-every seconds."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--recover-every", type=float, default=30, help="Seconds between recovery passes.")

    def handle(self, *args, recover_every=30, **options):
        if settings.TASKS_BACKEND != "database":
            raise CommandError("No queue to work on: set REDIS_URL or DJANGO_TASKS_BACKEND=database.")
        threading.Thread(target=recover_forever, args=(recover_every,), name="job-recovery", daemon=True).start()
        return super().handle(*args, **options)
