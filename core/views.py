"""Views every app shares: the download of an attachment, the base of every filtered list page, the health check."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET
from django_filters.views import FilterView

from .exports import start_list_export
from .files import stream_file
from .filters import describe_filters
from .jobs import job_url
from .spreadsheets import spreadsheet_response


class AttachmentDownloadView(View):
    """The one download path: the attachment is looked up among those the user may read (the record's own
    visibility rule, `Attachment.objects.visible_to(user)`), under the record its URL names; anything else is
    a 404, whoever asks."""

    model = None  # a core.models.Attachment subclass

    def get(self, request, pk, attachment_pk):
        attachments = self.model.objects.visible_to(request.user).current()
        attachment = get_object_or_404(attachments.filter(**{self.model.parent_lookup: pk}), pk=attachment_pk)
        return stream_file(attachment.file, name=attachment.original_name, content_type=attachment.content_type)


class ListExportMixin:
    """A list's rows as a spreadsheet, set by the URL (`as_view(export_format="xlsx")`). Over
    EXPORT_IN_REQUEST_MAX_ROWS rows the GET offers a button instead, whose POST builds the same file in a
    background job (core/exports.py runs this view again for the job's owner). A view offering exports declares
    `export_title`, `export_filename`, `export_columns()`, `export_queryset()` and `check_permission()`."""

    export_format = ""
    export_title = ""
    export_filename = "export"

    def export_columns(self) -> list[tuple[str, object]]:
        """(header, function of a row giving the cell's value) per column."""
        raise NotImplementedError

    def export_queryset(self):
        """The list's filters (a FilterSet, or None) and the rows it shows, in its order."""
        raise NotImplementedError

    def check_permission(self):
        """Raise PermissionDenied (or Http404) unless the user may read the list."""
        raise NotImplementedError

    def export_filters(self, filterset) -> str:
        """What the title block says was filtered."""
        return describe_filters(filterset) if filterset is not None else ""

    def export_response(self):
        filterset, rows = self.export_queryset()
        limit = settings.EXPORT_IN_REQUEST_MAX_ROWS
        if rows[: limit + 1].count() > limit:
            # Only a page: a GET (a prefetching browser, a crawler, a link opened twice) never starts a job.
            return render(self.request, "core/export_confirm.html", {
                "title": self.export_title, "format": self.export_format.upper(), "count": rows.count(),
                "limit": limit, "filters": self.export_filters(filterset),
            })
        return spreadsheet_response(self.export_format, filename=self.export_filename,
                                    **self.export_content(filterset, rows))

    def post(self, request, *args, **kwargs):
        """The confirmation page's button: the export as a job for this user, then its progress page."""
        if not self.export_format:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return redirect(job_url(start_list_export(request, self)))

    def export_content(self, filterset, rows, progress=None) -> dict:
        """The spreadsheet's title block, headers and rows, for spreadsheet_response() or spreadsheet_file()."""
        return spreadsheet_parts(self.request.user, rows, title=str(self.export_title),
                                 filtered=self.export_filters(filterset), columns=self.export_columns(),
                                 progress=progress)


class ListExportView(ListExportMixin, View):
    """The export of a list whose page is not a FilteredListView (the review queue, a compilation's entries)."""

    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.export_response()


class FilteredListView(ListExportMixin, FilterView):
    """A list page: the user's permission to read it (403), the records they may see, a FilterSet, pages of
    REGISTRY_PAGE_SIZE rows. Subclasses declare `permission`, `denied_message`, `filterset_class`,
    `template_name` and `get_queryset()`; with `export_format` set by the URL, the same rows as a spreadsheet."""

    permission = ""
    denied_message = ""

    def get(self, request, *args, **kwargs):
        if not self.export_format:
            return super().get(request, *args, **kwargs)
        return self.export_response()

    def export_queryset(self):
        """The FilterSet and the rows the page lists (none when a filter is invalid and the FilterSet strict)."""
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset, filterset.qs
        return filterset, filterset.queryset.none()

    def check_permission(self):
        if not self.request.user.has_perm(self.permission):
            raise PermissionDenied(self.denied_message)

    def get_paginate_by(self, queryset):
        return settings.REGISTRY_PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        # As every other list: a page number past the end shows the last page, anything not a number the
        # first, rather than ListView's 404.
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=self.get_allow_empty())
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def dispatch(self, request, *args, **kwargs):
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)


def spreadsheet_parts(user, rows, *, title: str, filtered: str, columns, progress=None) -> dict:
    """The title block, the headers and the rows (read as they are written) of a list's spreadsheet.
    `progress(done)` is called every PROGRESS_EVERY rows."""
    stamp = _("Exported on %(when)s by %(who)s") % {
        "when": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        "who": user.get_full_name() or user.get_username(),
    }
    lines = [title, (_("Filters: %(filters)s") % {"filters": filtered}) if filtered else _("Filters: none"), stamp]

    def values():
        for done, row in enumerate(rows.iterator(chunk_size=2000), start=1):
            yield [value(row) for _header, value in columns]
            if progress and done % PROGRESS_EVERY == 0:
                progress(done)

    return {"title": lines, "headers": [str(header) for header, _value in columns], "rows": values()}


# A job's progress is one UPDATE: every this many rows, not every row.
PROGRESS_EVERY = 500


@login_not_required
@require_GET
def healthz(request):
    """The app's and the database's state, for the container's health check and the proxy: no login, no
    details an outsider could use."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "unavailable"
    return JsonResponse({"app": "ok", "database": database}, status=200 if database == "ok" else 503)
