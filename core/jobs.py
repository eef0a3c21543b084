"""Long work as background jobs with progress: the small API every app uses.

An app declares a kind of job once, in its `jobs.py` (found at start-up):

    @job_kind("dashboard.xlsx")
    def dashboard_workbook(job, progress) -> JobOutput:
        progress(0, 3)                      # done, total: shown on the job's page
        ...
        return JobOutput("bao-cao.xlsx", XLSX, data)

and a view starts it for the person who asked, after checking they may:

    job = start_job("dashboard.xlsx", owner=request.user, title=_("Dashboard report"), params={...})
    return redirect(job_url(job))

A job whose result is a record it updated rather than a file (e.g. an import's preview) returns None instead of a
JobOutput, and is started with `result_url=`: its page then sends the person there once it is done.

The job runs once its row commits (`run_job`, a django.tasks task: in the worker, or in-process when no queue is
configured). It is claimed atomically, so two workers never run it twice. Its file is built whole, then stored,
and only then does the row point at it: nobody can download a half-written result. A failure is recorded with a
message and can be retried (a `JobRefused` one with its reason, shown to the owner); results expire after
JOB_RESULT_HOURS (`manage.py housekeeping` deletes them).

A worker that dies mid-job (killed, its machine lost): on PostgreSQL the runner holds an advisory lock on the job
for as long as it works, on a connection of its own, so a RUNNING job whose lock is free has lost its worker.
`requeue_lost()` (run by each `manage.py jobs_worker` every --recover-every seconds, and by `housekeeping`) queues
it again, at most JOB_MAX_ATTEMPTS runs in all, then marks it failed (its owner can retry). Elsewhere (SQLite) a
job still running after STALLED_AFTER is marked failed. A runner that lost its job to recovery cannot finish it:
its last write matches only its own claim (its `started_at`), so a job is finished once.
"""

import logging
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Job, JobStatus
from .tasks_backend import abandon_running, enqueue_after_commit, is_waiting, queue_is_transactional

logger = logging.getLogger(__name__)

# Without PostgreSQL's locks: a job still "running" this long after it started was cut off (its worker died).
STALLED_AFTER = timedelta(hours=1)
# A job queued this long with no task waiting for it lost its task (a crash between commit and enqueue, or a worker
# killed between taking the task and claiming the job): it is handed to the queue again.
LOST_AFTER = timedelta(minutes=5)
# A second runner handed the same job waits this long for the first one's lock (held for a moment by recovery).
LOCK_WAIT_SECONDS = 3


@dataclass(frozen=True)
class JobOutput:
    """A job's result: its bytes, or (for a large one) a file positioned at its start, so it is never held whole
    in memory."""

    name: str
    content_type: str
    data: bytes = b""
    file: object = None


class JobRefused(Exception):
    """The job may not be done for its owner (they lost the permission since asking): its message, translated, is
    what the job's page tells them. Any other failure is shown as a plain "could not be completed"."""


Progress = Callable[[int, int], None]
RESULT_URL, COUNTING = "result_url", "counting"  # keys of Job.params the job's page reads
_KINDS: dict[str, Callable[[Job, Progress], JobOutput | None]] = {}


def job_kind(kind: str):
    """Register the function that does one kind of job: `func(job, progress) -> JobOutput` (or None: no file)."""

    def register(func):
        _KINDS[kind] = func
        return func

    return register


def start_job(
    kind: str, *, owner, title: str, params: dict | None = None, at=None, result_url: str = "", counting: str = ""
) -> Job:
    """Queue a job of `kind` for `owner`; it starts once the caller's transaction commits. `result_url`: the page
    its page sends the owner to once it is done; `counting`: what its steps are ("rows"), as its page names them."""
    if kind not in _KINDS:
        raise ValueError(f"Unknown job kind {kind!r}")
    params = dict(params or {})
    if result_url:
        params[RESULT_URL] = result_url
    if counting:
        params[COUNTING] = counting
    job = Job.objects.create(
        kind=kind, owner=owner, title=str(title)[:255], params=params, created_at=at or timezone.now()
    )
    enqueue_after_commit(run_job, str(job.pk))
    return job


def retry_job(job: Job) -> bool:
    """Queue a failed job again, with JOB_MAX_ATTEMPTS runs anew; False when it has not failed (a running or
    finished job is left alone)."""
    reset = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, done=0, total=0, error="", started_at=None, finished_at=None, attempts=0
    )
    if reset:
        enqueue_after_commit(run_job, str(job.pk))
    return bool(reset)


def job_url(job: Job) -> str:
    return reverse("job", args=[job.pk])


def report_progress(job_id, done: int, total: int) -> None:
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(done=max(done, 0), total=max(total, 0))


def _lock_key(job_id) -> int:
    """The job's advisory-lock key: 64 bits of its UUID (PostgreSQL's key is a signed bigint)."""
    return int.from_bytes(uuid.UUID(str(job_id)).bytes[:8], "big", signed=True)


def _locks_tell_the_dead() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def _runner_lock(job_id):
    """Hold the job's lock while it runs, on a connection of its own: whatever the job does with the main one,
    the lock lasts until the run ends, and a killed worker's session (and lock) ends with it. Yields False when
    another live runner has it."""
    if not _locks_tell_the_dead():
        yield True
        return
    holder = connection.copy()
    try:
        with holder.cursor() as cursor:
            stop = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [_lock_key(job_id)])
                held = cursor.fetchone()[0]
                if held or time.monotonic() >= stop:
                    break
                time.sleep(0.2)
        yield held
    finally:
        holder.close()  # ends the session, and its lock


def _store(job: Job, output: JobOutput) -> str:
    content = File(output.file) if output.file is not None else ContentFile(output.data)
    try:
        return job.file.storage.save(job.file.field.generate_filename(job, output.name), content)
    finally:
        if output.file is not None:
            output.file.close()


@task()
def run_job(job_id: str) -> str:
    with _runner_lock(job_id) as held:
        if not held:
            return "running elsewhere"
        return _run(job_id)


def _run(job_id: str) -> str:
    # The claim is one UPDATE: of two workers handed the same job, one gets it, the other sees 0 rows.
    started = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=started, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not queued"
    job = Job.objects.get(pk=job_id)
    # Only this run may finish it: if it was recovered and claimed again meanwhile, this run's writes match nothing.
    mine = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, started_at=started)
    if settings.PROOF_JOB_DELAY_SECONDS:  # set only by deploy/two_nodes.py, to kill a worker mid-job
        time.sleep(settings.PROOF_JOB_DELAY_SECONDS)
    try:
        output = _KINDS[job.kind](job, lambda done, total: report_progress(job.pk, done, total))
        # Stored whole under a new name; the row points at it only once the file is there.
        stored = _store(job, output) if output else ""
    except Exception as error:
        if not isinstance(error, JobRefused):
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
        message = f"{type(error).__name__}: {error}"[:2000]
        mine.update(status=JobStatus.FAILED, error=message, finished_at=timezone.now())
        return "failed"
    now = timezone.now()
    with transaction.atomic():
        finished = mine.update(
            status=JobStatus.DONE,
            file=stored,
            file_name=output.name if output else "",
            content_type=output.content_type if output else "",
            done=F("total"),
            finished_at=now,
            expires_at=now + timedelta(hours=settings.JOB_RESULT_HOURS),
        )
    if not finished:
        if stored:
            job.file.storage.delete(stored)
        return "superseded"
    return "done"


def requeue_lost(at=None) -> int:
    """Give jobs whose worker died back to the queue, or mark them failed after JOB_MAX_ATTEMPTS runs (PostgreSQL:
    at once, by their free lock; elsewhere: after STALLED_AFTER); hand the queue again any job queued long ago that
    has no task waiting. Returns how many jobs it touched."""
    now = at or timezone.now()
    touched = _recover_dead_runners(now) if _locks_tell_the_dead() else _fail_stalled(now)
    for pk in Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - LOST_AFTER).values_list("pk", flat=True):
        if not is_waiting(run_job, str(pk)):
            run_job.enqueue(str(pk))
            touched += 1
    return touched


def interrupted_message() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Interrupted: the worker running this job stopped. You can try again.")


def _fail_stalled(now) -> int:
    return Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - STALLED_AFTER).update(
        status=JobStatus.FAILED, error=interrupted_message(), finished_at=now
    )


def _recover_dead_runners(now) -> int:
    touched = 0
    for pk in Job.objects.filter(status=JobStatus.RUNNING).values_list("pk", flat=True):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_lock_key(pk)])
            if not cursor.fetchone()[0]:
                continue  # its worker is alive
        try:
            outcome = _requeue_or_fail(pk, now)
        finally:
            # After the commit: a new runner handed the job meanwhile waits for the lock (LOCK_WAIT_SECONDS).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_lock_key(pk)])
        if outcome == "requeued" and not queue_is_transactional():
            run_job.enqueue(str(pk))  # in-process: runs now, the lock free
        touched += outcome is not None
    return touched


@transaction.atomic
def _requeue_or_fail(pk, now) -> str | None:
    job = Job.objects.select_for_update().filter(pk=pk, status=JobStatus.RUNNING).first()
    if job is None:  # finished meanwhile
        return None
    abandon_running(run_job, str(pk))
    if job.attempts < settings.JOB_MAX_ATTEMPTS:
        logger.warning("Job %s (%s) lost its worker on attempt %s: queued again", pk, job.kind, job.attempts)
        Job.objects.filter(pk=pk).update(status=JobStatus.QUEUED, done=0, total=0, started_at=None)
        if queue_is_transactional():
            run_job.enqueue(str(pk))  # a fresh task, committed with the requeue
        return "requeued"
    logger.warning("Job %s (%s) lost its worker %s times: failed", pk, job.kind, job.attempts)
    Job.objects.filter(pk=pk).update(status=JobStatus.FAILED, error=interrupted_message(), finished_at=now)
    return "failed"


def delete_expired(at=None) -> int:
    """Delete finished results past their time, and failed jobs a day old, files and rows."""
    now = at or timezone.now()
    expired = Job.objects.filter(expires_at__lt=now) | Job.objects.filter(
        status=JobStatus.FAILED, finished_at__lt=now - timedelta(hours=settings.JOB_RESULT_HOURS)
    )
    count = 0
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
