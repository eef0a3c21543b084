"""A list's export too long to build while the browser waits (over EXPORT_IN_REQUEST_MAX_ROWS rows), built as a
background job (core/jobs.py) instead.

The job keeps only what names the export: the URL's name and arguments, the query string and the language. When it
runs it resolves that URL to its list view (core.views.FilteredListView) and runs it again for the job's owner, as
a GET with that query string would: the same permission, QuerySet (what the owner may see, now), FilterSet,
columns and title block. Nothing about the export is written twice."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .jobs import JobOutput, JobRefused, job_kind, start_job
from .spreadsheets import spreadsheet_file

KIND = "core.list_export"


def start_list_export(request, view):
    """Queue the export `view` (a FilteredListView with an export_format, as the user asked it) for the user."""
    match = request.resolver_match
    return start_job(
        KIND,
        owner=request.user,
        title=_("Export of the list: %(list)s (%(format)s)")
        % {"list": view.export_title, "format": view.export_format.upper()},
        params={
            "view": match.view_name,
            "args": list(match.args),
            "kwargs": match.kwargs,
            "query": request.GET.urlencode(),
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        },
    )


def list_view_for(user, params):
    """The export's list view, set up for `user` as if they had opened its URL with the saved query string."""
    path = reverse(params["view"], args=params.get("args") or None, kwargs=params.get("kwargs") or None)
    match = resolve(path)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(params.get("query", ""))
    request.user = user
    request.resolver_match = match
    view = match.func.view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    if not getattr(view, "export_format", ""):
        raise ValueError(f"{params['view']} is not a list's export")
    return view


@job_kind(KIND)
def list_export(job, progress) -> JobOutput:
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        view = list_view_for(job.owner, job.params)
        try:
            view.check_permission()  # still, now: a role taken away since the click
        except PermissionDenied as denied:
            raise JobRefused(str(denied)) from denied
        except Http404 as gone:
            raise JobRefused(_("This list is no longer there, or you may no longer read it.")) from gone
        filterset, rows = view.export_queryset()
        total = rows.count()
        progress(0, total)
        content = view.export_content(filterset, rows, progress=lambda done: progress(done, total))
        handle, content_type = spreadsheet_file(view.export_format, filename=view.export_filename, **content)
    # Written row by row to a temporary file and stored from it: 100,000 rows are never one string in memory.
    return JobOutput(f"{view.export_filename}.{view.export_format}", content_type, file=handle)
