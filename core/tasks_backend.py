"""How work is handed to django.tasks: in the same transaction as the change when the queue lives in the database
(the job then exists exactly when the change does), after the commit when it runs in-process (so it sees the
committed rows, and a rolled-back change starts nothing)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone


def queue_is_transactional() -> bool:
    return settings.TASKS_BACKEND == "database"


def enqueue_after_commit(task, *args, **kwargs) -> None:
    if queue_is_transactional():
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def enqueue_later(task, run_after, *args, **kwargs) -> bool:
    """Enqueue to run at `run_after` where the queue can wait; False where it cannot (in-process), so the
    caller leaves the work for `manage.py housekeeping` or the next run."""
    if not queue_is_transactional():
        return False
    from django_tasks_db.models import DBTaskResult

    # One waiting retry of a task is enough: each run schedules the next one itself.
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status="READY", run_after__isnull=False)
    if waiting.exists():
        return True
    task.using(run_after=run_after).enqueue(*args, **kwargs)
    return True


def _results_of(task, args: list):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task.module_path, args_kwargs__args=list(args))


def is_waiting(task, *args) -> bool:
    """Whether a run of `task(*args)` waits in the queue (always False in-process: nothing waits there)."""
    return queue_is_transactional() and _results_of(task, args).filter(status="READY").exists()


def abandon_running(task, *args) -> int:
    """Mark failed the queue's "running" records of `task(*args)` whose worker died (the queue itself never
    notices), so the queue's records tell the truth; the caller queues the work again."""
    if not queue_is_transactional():
        return 0
    return _results_of(task, args).filter(status="RUNNING").update(
        status="FAILED", finished_at=timezone.now(), exception_class_path="core.jobs.WorkerLost",
        traceback="The worker running this task stopped (killed or its machine lost).",
    )
