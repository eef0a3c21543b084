"""The dashboard's reports as background jobs (core.jobs): the figures for the owner and the page's filters,
then the Excel workbook or the Word report."""

from django.http import QueryDict

from core.jobs import JobOutput, job_kind

from . import exports
from .views import dashboard_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _figures(job, progress):
    progress(0, 2)
    _filterset, scope, data = dashboard_for(job.owner, QueryDict(job.params.get("query", "")))
    progress(1, 2)
    return scope, data


@job_kind("dashboard.xlsx")
def dashboard_workbook(job, progress) -> JobOutput:
    scope, data = _figures(job, progress)
    return JobOutput(f"{exports.file_name(scope)}.xlsx", XLSX, exports.workbook(scope, data))


@job_kind("dashboard.docx")
def dashboard_report(job, progress) -> JobOutput:
    scope, data = _figures(job, progress)
    return JobOutput(f"{exports.file_name(scope)}.docx", DOCX, exports.report(scope, data))
