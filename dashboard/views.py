"""Thin views: who may see which scope, the filters, then figures.py (cached) and a page or a file."""

from django.http import HttpResponse
from django.shortcuts import render

from . import exports
from .access import forced_agency
from .scoping import dashboard_filterset, scoped_figures


def _dashboard(request):
    """The filters and the figures for this user, or PermissionDenied."""
    filterset = dashboard_filterset(request.user, request.GET)
    scope, data = scoped_figures(request.user, filterset)
    return filterset, scope, data


def dashboard(request):
    filterset, scope, data = _dashboard(request)
    return render(
        request,
        "dashboard/dashboard.html",
        {
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
    response = HttpResponse(
        exports.workbook(scope, data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(scope)}.xlsx"'
    return response


def export_docx(request):
    _filterset, scope, data = _dashboard(request)
    response = HttpResponse(
        exports.report(scope, data),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(scope)}.docx"'
    return response
