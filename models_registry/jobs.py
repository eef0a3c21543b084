"""The registry's background jobs (core.jobs): a large import file checked, then saved, with their progress."""

from core.jobs import job_kind

from .imports import confirming
from .imports.checking import JOB_KIND, run_check


@job_kind(JOB_KIND)
def check_import(job, progress) -> None:
    # No file: the result is the import's preview, where the job's page sends its owner.
    run_check(job.params["import"], progress)


@job_kind(confirming.JOB_KIND)
def confirm_import(job, progress) -> None:
    # No file either: the result is the import, saved (or back to its preview, the job saying why).
    confirming.run_confirm(job.params["import"], progress)
