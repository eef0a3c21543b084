"""A worker killed mid-job (core/jobs.py `requeue_lost`, run by every `jobs_worker` and by `housekeeping`): its job
is run again by another and finished once, or marked failed after JOB_MAX_ATTEMPTS runs, never lost. On PostgreSQL
a live runner holds the job's advisory lock, so a dead one is found at once; on SQLite the time rule applies
(tests/core/test_jobs.py). Two workers against PostgreSQL for real: deploy/two_nodes.py."""

import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from core import jobs
from core.jobs import JobOutput, job_kind, requeue_lost, retry_job, run_job, start_job
from core.models import Job, JobStatus

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's; SQLite keeps the time rule"
)

CALLS = []


@job_kind("tests.recovered")
def recovered(job, progress):
    CALLS.append(job.pk)
    if job.params.get("taken_over"):  # meanwhile its job was given to another worker, which claimed it
        Job.objects.filter(pk=job.pk).update(started_at=timezone.now() + timedelta(seconds=1), attempts=2)
    return JobOutput("ket-qua.txt", "text/plain", b"ok")


def running(alice, attempts=1, **params):
    """A job some worker claimed (it is RUNNING, its attempt counted), as a killed worker leaves it."""
    job = start_job("tests.recovered", owner=alice, title="Đang chạy", params=params)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now(), attempts=attempts)
    return job


@contextmanager
def live_runner(job):
    """Another worker's session holding the job's lock, as a runner does while it works; on leaving, that worker
    dies: its session is closed and gone from the server (a closed connection's backend ends, and frees its locks,
    a moment after the client hangs up: without the wait the next statement could still find the lock held)."""
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [jobs._lock_key(job.pk)])
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        yield
    finally:
        other.close()
    _wait_until_session_ended(pid)


def _wait_until_session_ended(pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the test's transaction reads one snapshot
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            assert time.monotonic() < deadline, f"session {pid} still alive {timeout} s after its client closed it"
            time.sleep(0.01)


@postgres_only
def test_a_job_whose_worker_died_is_run_again_by_another_and_finished_once(alice):
    CALLS.clear()
    job = running(alice)
    with live_runner(job):
        assert requeue_lost() == 0  # its worker is alive, however long it takes
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING

    assert requeue_lost() == 1  # the worker died: its session and lock are gone; run again (here in-process)
    job.refresh_from_db()
    assert (job.status, job.attempts, CALLS) == (JobStatus.DONE, 2, [job.pk])
    assert job.file.read() == b"ok"
    assert requeue_lost() == 0 and CALLS == [job.pk]


@postgres_only
def test_after_its_last_attempt_the_job_fails_in_vietnamese_and_can_be_retried(alice, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    job = running(alice, attempts=2)
    assert requeue_lost() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert job.error == "Bị gián đoạn: tiến trình chạy việc này đã dừng. Hãy thử lại."
    assert retry_job(job)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)  # a retry gets its attempts anew


@postgres_only
def test_a_second_runner_handed_a_job_that_is_running_leaves_it_alone(alice, monkeypatch):
    CALLS.clear()
    monkeypatch.setattr(jobs, "LOCK_WAIT_SECONDS", 0.3)
    job = start_job("tests.recovered", owner=alice, title="Một lần")
    with live_runner(job):
        assert run_job.call(str(job.pk)) == "running elsewhere"
    assert CALLS == [] and Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert run_job.call(str(job.pk)) == "done"


def test_a_runner_whose_job_was_given_to_another_cannot_finish_it(alice):
    job = start_job("tests.recovered", owner=alice, title="Thay", params={"taken_over": True})
    assert run_job.call(str(job.pk)) == "superseded"
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not job.file  # left to the run that owns it now


def test_a_job_queued_long_ago_with_no_task_waiting_is_run(alice):
    CALLS.clear()
    job = start_job("tests.recovered", owner=alice, title="Bị quên")  # its enqueue after commit never happens
    assert requeue_lost(at=timezone.now() + timedelta(minutes=1)) == 0
    assert requeue_lost(at=timezone.now() + timedelta(minutes=10)) == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE and CALLS == [job.pk]


def test_the_worker_command_refuses_to_start_without_a_queue(settings):
    settings.TASKS_BACKEND = "immediate"
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("jobs_worker")
