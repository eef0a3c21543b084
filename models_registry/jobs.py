"""The registry's background jobs (core.jobs): a large import file checked with its progress."""

from core.jobs import job_kind

from .imports.checking import JOB_KIND, run_check


@job_kind(JOB_KIND)
def check_import(job, progress) -> None:
    # No file: the result is the import's preview, where the job's page sends its owner.
    run_check(job.params["import"], progress)
