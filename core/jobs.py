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
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from .models import Job, JobStatus
from .tasks_backend import enqueue_after_commit

logger = logging.getLogger(__name__)

# A job still "running" this long after it started was cut off (its worker died); housekeeping marks it failed.
STALLED_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class JobOutput:
    name: str
    content_type: str
    data: bytes


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
    """Queue a failed job again; False when it has not failed (a running or finished job is left alone)."""
    reset = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, done=0, total=0, error="", started_at=None, finished_at=None
    )
    if reset:
        enqueue_after_commit(run_job, str(job.pk))
    return bool(reset)


def job_url(job: Job) -> str:
    return reverse("job", args=[job.pk])


def report_progress(job_id, done: int, total: int) -> None:
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(done=max(done, 0), total=max(total, 0))


@task()
def run_job(job_id: str) -> str:
    # The claim is one UPDATE: of two workers handed the same job, one gets it, the other sees 0 rows.
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return "not queued"
    job = Job.objects.get(pk=job_id)
    try:
        output = _KINDS[job.kind](job, lambda done, total: report_progress(job.pk, done, total))
        # Stored whole under a new name; the row points at it only once the file is there.
        stored = (
            job.file.storage.save(job.file.field.generate_filename(job, output.name), ContentFile(output.data))
            if output
            else ""
        )
    except Exception as error:
        if not isinstance(error, JobRefused):
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        return "failed"
    now = timezone.now()
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE,
            file=stored,
            file_name=output.name if output else "",
            content_type=output.content_type if output else "",
            done=F("total"),
            finished_at=now,
            expires_at=now + timedelta(hours=settings.JOB_RESULT_HOURS),
        )
    return "done"


def requeue_lost(at=None) -> int:
    """Jobs queued but never handed to the queue (a crash between commit and enqueue, in-process mode), queued
    again; jobs stalled in "running" (their worker died) marked failed, so their owner can retry."""
    now = at or timezone.now()
    stalled = Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - STALLED_AFTER).update(
        status=JobStatus.FAILED, error="interrupted", finished_at=now
    )
    lost = 0
    if not settings.TASKS_BACKEND == "database":
        for pk in Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - timedelta(minutes=5)).values_list(
            "pk", flat=True
        ):
            run_job.enqueue(str(pk))
            lost += 1
    return stalled + lost


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
