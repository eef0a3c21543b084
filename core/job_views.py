"""A job's page, its progress as JSON (polled by static/js/job-progress.js), its file, and a retry: all only for
the person who started it (anyone else gets a 404)."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .files import stream_file
from .jobs import RESULT_URL, job_url, retry_job
from .models import Job, JobStatus


def _own_job(request, pk) -> Job:
    return get_object_or_404(Job.objects.filter(owner=request.user), pk=pk)


def _result_url(job: Job) -> str:
    """Where a finished job that made no file sends its owner (a page of the app, never another site)."""
    url = str(job.params.get(RESULT_URL) or "")
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    return url if job.status == JobStatus.DONE and url and safe else ""


def _state(job: Job) -> dict:
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "download_url": reverse("job_download", args=[job.pk]) if job.status == JobStatus.DONE and job.file else "",
        "result_url": _result_url(job),
        "finished": job.status in (JobStatus.DONE, JobStatus.FAILED),
    }


@require_GET
def job_page(request, pk):
    job = _own_job(request, pk)
    state = _state(job)
    if state["result_url"]:
        return redirect(state["result_url"])
    return render(request, "core/job.html", {"job": job, "state": state})


@require_GET
def job_status(request, pk):
    return JsonResponse(_state(_own_job(request, pk)))


@require_GET
def job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404(_("This file is not ready, or has expired."))
    return stream_file(job.file, name=job.file_name, content_type=job.content_type)


@require_POST
def job_retry(request, pk):
    job = _own_job(request, pk)
    if retry_job(job):
        messages.success(request, _("The job has been queued again."))
    return redirect(job_url(job))
