"""Views every app shares: the download of an attachment, the base of every filtered list page, the health check."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET
from django_filters.views import FilterView

from .files import stream_file
from .filters import describe_filters
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


class FilteredListView(FilterView):
    """A list page: the user's permission to read it (403), the records they may see, a FilterSet, pages of
    REGISTRY_PAGE_SIZE rows. Subclasses declare `permission`, `denied_message`, `filterset_class`,
    `template_name` and `get_queryset()`."""

    permission = ""
    denied_message = ""

    # Set by the URL (`as_view(export_format="xlsx")`): the page's rows, with the same FilterSet and QuerySet, as
    # a spreadsheet. A list offering exports declares `export_title`, `export_filename` and `export_columns()`.
    export_format = ""
    export_title = ""
    export_filename = "export"

    def export_columns(self) -> list[tuple[str, object]]:
        """(header, function of a row giving the cell's value) per column."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if not self.export_format:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            rows = filterset.qs
        else:
            rows = filterset.queryset.none()
        return export_rows(request, self.export_format, rows, title=str(self.export_title),
                           filtered=describe_filters(filterset), filename=self.export_filename,
                           columns=self.export_columns())

    def get_paginate_by(self, queryset):
        return settings.REGISTRY_PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        # As every other list: a page number past the end shows the last page, anything not a number the
        # first, rather than ListView's 404.
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=self.get_allow_empty())
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied(self.denied_message)
        return super().dispatch(request, *args, **kwargs)


def export_rows(request, file_format: str, rows, *, title: str, filtered: str, filename: str, columns):
    """The rows of a list as a spreadsheet, under a title block saying what was filtered, by whom and when."""
    user = request.user
    stamp = _("Exported on %(when)s by %(who)s") % {
        "when": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        "who": user.get_full_name() or user.get_username(),
    }
    lines = [title, (_("Filters: %(filters)s") % {"filters": filtered}) if filtered else _("Filters: none"), stamp]
    iterator = rows.iterator(chunk_size=2000)
    return spreadsheet_response(
        file_format,
        filename=filename,
        title=lines,
        headers=[str(header) for header, _value in columns],
        rows=([value(row) for _header, value in columns] for row in iterator),
    )


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
