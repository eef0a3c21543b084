"""Importing models from a spreadsheet: the template, the upload (checked at once, a large file by a background job:
the preview), the confirmation, and the list of imports. The rules are in models_registry/imports/ and the
services."""

import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.jobs import job_url
from core.spreadsheets import XLSX_CONTENT_TYPE

from ..forms.imports import ImportUploadForm
from ..imports.checking import check_again, check_upload
from ..imports.confirming import confirm_or_start
from ..imports.saving import ImportRefused, checksum, earlier_import
from ..imports.template import build_template
from ..models import ModelImport


def may_import(user) -> bool:
    """Officials import drafts of their agencies; reviewers, models an earlier decision recognised."""
    return user.has_perm("models_registry.add_movementmodel") or user.has_perm(
        "models_registry.review_movementmodel"
    )


def _require_importer(request):
    if not may_import(request.user):
        raise PermissionDenied(_("Only officials and reviewers can import models."))


@require_safe  # a download: a POST (or any other method) is refused with 405
def import_template(request):
    _require_importer(request)
    handle = tempfile.TemporaryFile()
    build_template(request.user).save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=_("models-import-template") + ".xlsx", content_type=XLSX_CONTENT_TYPE
    )


def import_upload(request):
    _require_importer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        model_import = ModelImport(
            user=request.user, created_at=timezone.now(), original_name=upload.name[:255], checksum=checksum(upload)
        )
        model_import.file.save(upload.name[-100:], upload, save=False)  # the stored name only; the original is kept
        model_import.save()
        job = check_upload(model_import)  # None: checked now; else a large file's background check
        return redirect(job_url(job) if job else model_import.get_absolute_url())
    return render(request, "models_registry/import_upload.html", {"form": form})


def import_list(request):
    _require_importer(request)
    imports = ModelImport.objects.visible_to(request.user).select_related("user")[:200]
    return render(request, "models_registry/import_list.html", {"imports": imports})


def import_detail(request, pk):
    _require_importer(request)
    model_import = get_object_or_404(
        ModelImport.objects.visible_to(request.user).select_related("check_job", "confirm_job"), pk=pk
    )
    report = model_import.report or {}
    rows = report.get("rows", [])
    groups = [
        ("error", _("Rows with errors"), [row for row in rows if row["action"] == "error"]),
        ("create", _("Rows to create"), [row for row in rows if row["action"] == "create"]),
        ("update", _("Rows to update"), [row for row in rows if row["action"] == "update"]),
        ("unchanged", _("Rows unchanged"), [row for row in rows if row["action"] == "unchanged"]),
    ]
    can_confirm = (
        (model_import.status == ModelImport.Status.PREVIEWED or model_import.confirm_failed)
        and model_import.user_id == request.user.pk
        and not model_import.error_count
        and (model_import.created_count + model_import.updated_count) > 0
    )
    return render(
        request,
        "models_registry/import_detail.html",
        {
            "import": model_import,
            "report": report,
            "groups": groups,
            "can_confirm": can_confirm,
            "earlier": earlier_import(model_import),
            "is_importer": model_import.user_id == request.user.pk,
        },
    )


@require_POST
def import_check_again(request, pk):
    _require_importer(request)
    model_import = get_object_or_404(ModelImport.objects.visible_to(request.user), pk=pk)
    job = check_again(model_import, user=request.user)
    return redirect(job_url(job) if job else model_import.get_absolute_url())


@require_POST
def import_confirm(request, pk):
    _require_importer(request)
    model_import = get_object_or_404(ModelImport.objects.visible_to(request.user), pk=pk)
    try:
        job = confirm_or_start(model_import, user=request.user)  # None: saved now; else a large file's job
    except ImportRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if job:
            return redirect(job_url(job))
        messages.success(
            request,
            _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": model_import.created_count,
                "updated": model_import.updated_count,
                "unchanged": model_import.unchanged_count,
            },
        )
    return redirect(model_import)
