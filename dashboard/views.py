"""Thin views: who may see which scope, the filters, then figures.py (cached) and a page or a file."""

import base64

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import audit
from core.jobs import job_url, start_job
from core.pdf import html_to_pdf, pdf_response

from . import charts, exports
from .access import forced_agency
from .scoping import dashboard_filterset, scoped_figures


def _dashboard(request):
    return dashboard_for(request.user, request.GET)


def dashboard_for(user, query):
    """The filters and the figures for this user and these filters (a QueryDict), or PermissionDenied. The
    report jobs call it again as their owner, so a report shows what its owner may see at the time it runs."""
    filterset = dashboard_filterset(user, query)
    scope, data = scoped_figures(user, filterset)
    return filterset, scope, data


def dashboard(request):
    return _page(request, *_dashboard(request))


def _page(request, filterset, scope, data, chart_images=None):
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "chart_images": chart_images,
            "filter": filterset,
            "scope": scope,
            "data": data,
            "headline": exports.labelled_headline(data),
            "directive_counts": exports.labelled_directive_counts(data),
            "chart_data": exports.chart_data(data),
            "forced_agency": forced_agency(request.user),
            "query": request.GET.urlencode(),
        },
    )


def export_xlsx(request):
    _filterset, scope, data = _dashboard(request)
    audit.record(request.user, audit.EXPORT, request=request, document="dashboard", format="xlsx")
    response = HttpResponse(
        exports.workbook(scope, data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(scope)}.xlsx"'
    return response


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


def export_pdf(request):
    """The dashboard as PDF: the page as it prints, with the filters of the page and its charts drawn on the
    server (the page draws them in the browser, which a PDF has not)."""
    filterset, scope, data = _dashboard(request)
    audit.record(request.user, audit.EXPORT, request=request, document="dashboard", format="pdf")
    images = {}
    for table in exports.tables(data):
        if png := charts.png_for(table):
            images[table["key"]] = "data:image/png;base64," + base64.b64encode(png).decode()
    page = _page(request, filterset, scope, data, chart_images=images)
    return pdf_response(html_to_pdf(page.content.decode(), request), exports.file_name(scope))
