"""Thin views: who may see which scope, the filters, then figures.py (cached) and a page or a file."""

import base64
import hashlib
import json

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import audit
from core.jobs import job_url, start_job
from core.pdf import html_to_pdf, pdf_response

from . import exports, figures
from .access import forced_agency
from .scoping import dashboard_filterset, scoped_figures

# The long tables (by agency, by unit, directives per agency) show their first rows; the rest are one click away
# ("see all"), so the page fits in a few screens.
SUMMARY_ROWS = 10


def _dashboard(request):
    return dashboard_for(request.user, request.GET)


def dashboard_for(user, query):
    """The filters and the figures for this user and these filters (a QueryDict), or PermissionDenied. The
    report jobs call it again as their owner, so a report shows what its owner may see at the time it runs."""
    filterset = dashboard_filterset(user, query)
    scope, data = scoped_figures(user, filterset)
    return filterset, scope, data


def _decided_in(data: dict, year: int) -> bool:
    """Whether any model was recognised or removed in `year` (within the figures' scope)."""
    return any(row["new"] or row["removed"] for row in data["by_year"] if row["year"] == year)


def dashboard(request):
    """The page. With no year asked for and nothing recognised or removed yet this year (a leader opening it in
    January), it shows the last complete year instead, and says so; "this year" is one click away."""
    filterset, scope, data = _dashboard(request)
    query = request.GET.copy()
    shows_last_year = False
    if "year" not in request.GET and filterset.is_valid() and not _decided_in(data, scope.today.year):
        query["year"] = str(scope.today.year - 1)
        filterset, scope, data = dashboard_for(request.user, query)
        shows_last_year = True
    return _page(request, filterset, scope, data, query=query, shows_last_year=shows_last_year)


def _year_choices(query, scope) -> list[dict]:
    """The quick choices above the figures: this year, the last complete year (the agency and unit kept)."""
    this_year = scope.today.year
    choices = []
    for year, label in (
        (None, _("This year (%(year)s)") % {"year": this_year}),
        (this_year - 1, _("Last complete year (%(year)s)") % {"year": this_year - 1}),
    ):
        params = query.copy()
        params["year"] = "" if year is None else str(year)
        choices.append({"label": label, "url": "?" + params.urlencode(), "current": scope.year == year})
    return choices


def rendered_figures(data, chart_images=None) -> str:
    """The figures' part of the page (its tables, their links, the charts' data) in the current language.

    It depends on nothing else, so it is rendered once and cached under a digest of the figures themselves and
    the language (not under the figures' own key: the registry's version may move between reading the figures
    and rendering them, and the HTML of older figures must not be kept under a newer version). A cached dashboard
    renders only its frame and its forms, which hold the user's CSRF token. The PDF's copy, with its charts drawn
    as images, is not cached."""

    def render_figures():
        return render_to_string(
            "dashboard/includes/figures.html",
            {
                "chart_images": chart_images,
                "data": data,
                "headline": exports.labelled_headline(data),
                "directive_counts": exports.labelled_directive_counts(data),
                "chart_data": exports.chart_data(data),
                "summary_rows": SUMMARY_ROWS,
            },
        )

    if chart_images:
        return mark_safe(render_figures())  # noqa: S308 - our own template's output, escaped as it rendered
    digest = hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    key = f"dashboard-html:{get_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_figures()
        cache.set(key, html, figures.CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - the same, read back from the cache as a plain str


def _page(request, filterset, scope, data, chart_images=None, query=None, shows_last_year=False):
    query = request.GET if query is None else query
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "filter": filterset,
            "scope": scope,
            "figures": rendered_figures(data, chart_images),
            "data": data,  # what the figures show, for the page's own logic and for tests
            "forced_agency": forced_agency(request.user),
            "query": query.urlencode(),
            "year_choices": _year_choices(query, scope),
            "shows_last_year": shows_last_year,
        },
    )


@require_safe  # a download: a POST (or any other method) is refused with 405
def export_xlsx(request):
    _filterset, scope, data = _dashboard(request)
    audit.record(request.user, audit.EXPORT, request=request, document="dashboard", format="xlsx")
    response = HttpResponse(
        exports.workbook(scope, data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(scope)}.xlsx"'
    return response


@require_safe  # a download: a POST (or any other method) is refused with 405
def export_docx(request):
    _filterset, scope, data = _dashboard(request)
    audit.record(request.user, audit.EXPORT, request=request, document="dashboard", format="docx")
    response = HttpResponse(
        exports.report(scope, data),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(scope)}.docx"'
    return response


REPORT_FORMATS = {"xlsx": gettext_lazy("Dashboard figures (Excel)"), "docx": gettext_lazy("Dashboard report (Word)")}


@require_POST
def start_report(request, fmt):
    """Start the Excel or Word report as a job for this user (built in the background) and show its progress."""
    if fmt not in REPORT_FORMATS:
        raise Http404
    dashboard_for(request.user, request.GET)  # the same check as the page: 403 for who may not see it
    audit.record(request.user, audit.EXPORT, request=request, document="dashboard", format=fmt, job=True)
    job = start_job(
        f"dashboard.{fmt}", owner=request.user, title=REPORT_FORMATS[fmt], params={"query": request.GET.urlencode()}
    )
    return redirect(job_url(job))


@require_safe  # a download: a POST (or any other method) is refused with 405
def export_pdf(request):
    """The dashboard as PDF: the page as it prints, with the filters of the page and its charts drawn on the
    server (the page draws them in the browser, which a PDF has not)."""
    from .charts import png_for  # matplotlib: 0.4 s to import, paid by the PDF alone, not every process

    filterset, scope, data = _dashboard(request)
    audit.record(request.user, audit.EXPORT, request=request, document="dashboard", format="pdf")
    images = {}
    for table in exports.tables(data):
        if png := png_for(table):
            images[table["key"]] = "data:image/png;base64," + base64.b64encode(png).decode()
    page = _page(request, filterset, scope, data, chart_images=images)
    return pdf_response(html_to_pdf(page.content.decode(), request), exports.file_name(scope))
