"""An uploaded file checked at once, or, when it is large, by a background job with progress.

A file of at most IMPORT_VALIDATE_IN_REQUEST_MAX_ROWS data rows is checked in the request, as always. A larger one
is stored as an import "being checked" and a job (core.jobs) runs the very same `validate_stored()`, only telling
its progress (rows checked of rows); its page sends the importer to the preview once it is done. Until then the
import cannot be confirmed. If the job fails (or is cut off), the import says so and its importer may check it
again or upload another file.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.jobs import start_job
from core.models import Job

from ..models import ModelImport
from .reading import estimate_data_rows
from .saving import record_preview
from .validation import validate_stored

JOB_KIND = "models_registry.import_check"


def check_upload(model_import: ModelImport) -> Job | None:
    """Check a just-stored upload: now when it is small, else in the background (the job is returned)."""
    limit = settings.IMPORT_VALIDATE_IN_REQUEST_MAX_ROWS
    with model_import.file.open("rb") as handle:
        rows = estimate_data_rows(handle, model_import.original_name, up_to=limit)
    if rows <= limit:
        record_preview(model_import, validate_stored(model_import))
        model_import.save()
        return None
    return start_check(model_import)


def start_check(model_import: ModelImport) -> Job:
    """Queue the background check of an import; it is "being checked" until the job has recorded its preview."""
    with transaction.atomic():
        model_import.status = ModelImport.Status.CHECKING
        model_import.save(update_fields=["status"])
        job = start_job(
            JOB_KIND,
            owner=model_import.user,
            title=_("Checking import #%(number)s: %(name)s")
            % {"number": model_import.pk, "name": model_import.original_name},
            params={"import": model_import.pk},
            result_url=model_import.get_absolute_url(),
            counting="rows",
        )
        model_import.check_job = job
        model_import.save(update_fields=["check_job"])
    return job


def check_again(model_import: ModelImport, *, user) -> Job | None:
    """A failed background check, started again by its importer; None when it has not failed (nothing to do)."""
    if model_import.user_id != user.pk:
        raise PermissionDenied(_("Only the person who uploaded the file can check it again."))
    if not model_import.check_failed:
        return None
    return start_check(model_import)


def run_check(import_pk: int, progress=None) -> None:
    """The job's work: validate_stored(), as in the request, then the preview recorded; on failure the import is
    marked so (and the job fails, offering its retry)."""
    waiting = (ModelImport.Status.CHECKING, ModelImport.Status.CHECK_FAILED)
    # A retry from the job's page finds the import failed: it is being checked again.
    ModelImport.objects.filter(pk=import_pk, status=ModelImport.Status.CHECK_FAILED).update(
        status=ModelImport.Status.CHECKING
    )
    model_import = ModelImport.objects.select_related("user").get(pk=import_pk)
    if model_import.status not in waiting:
        return  # already checked (an earlier run) or confirmed: nothing to redo
    try:
        preview = validate_stored(model_import, progress=progress)
    except Exception:
        ModelImport.objects.filter(pk=import_pk, status=ModelImport.Status.CHECKING).update(
            status=ModelImport.Status.CHECK_FAILED
        )
        raise
    with transaction.atomic():
        current = ModelImport.objects.select_for_update().get(pk=import_pk)
        if current.status != ModelImport.Status.CHECKING:
            return
        record_preview(current, preview)
        current.status = ModelImport.Status.PREVIEWED
        current.save()
