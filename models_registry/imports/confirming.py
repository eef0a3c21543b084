"""A confirmed import saved at once, or, when it is large, by a background job with progress.

An import of at most IMPORT_VALIDATE_IN_REQUEST_MAX_ROWS rows is saved in the request, as always. A larger one is
marked "being saved" and a job (core.jobs) runs the very same `confirm_import()`: its rows checked again against
the registry as it is now (the job's progress counts them), then saved, all or none. Its page sends the importer to
the import once it is done. A refusal (a row that no longer passes) puts the import back to its preview, and the
job says why; a job cut off leaves nothing saved, and the importer may confirm again.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.jobs import JobRefused, start_job
from core.models import Job

from ..models import ModelImport
from .saving import ImportRefused, check_confirmable, confirm_import

JOB_KIND = "models_registry.import_confirm"


def confirm_or_start(model_import: ModelImport, *, user) -> Job | None:
    """Confirm an import: saved now when it is small (None), else by a background job (returned). Refused as
    confirm_import() refuses."""
    rows = len((model_import.report or {}).get("rows", []))
    if rows <= settings.IMPORT_VALIDATE_IN_REQUEST_MAX_ROWS:
        confirm_import(model_import, user=user)
        return None
    check_confirmable(model_import, user=user)
    with transaction.atomic():
        # Claimed by its status: of two clicks on "Confirm", only one starts a job.
        claimed = ModelImport.objects.filter(pk=model_import.pk, status=model_import.status).update(
            status=ModelImport.Status.CONFIRMING
        )
        if not claimed:
            raise ImportRefused(_("This import was already confirmed or refused."))
        model_import.status = ModelImport.Status.CONFIRMING
        model_import.confirm_job = start_job(
            JOB_KIND,
            owner=model_import.user,
            title=_("Saving import #%(number)s: %(name)s")
            % {"number": model_import.pk, "name": model_import.original_name},
            params={"import": model_import.pk},
            result_url=model_import.get_absolute_url(),
            counting="rows",
        )
        model_import.save(update_fields=["confirm_job"])
    return model_import.confirm_job


def run_confirm(import_pk: int, progress=None) -> None:
    """The job's work: confirm_import(), as in the request. Refused or failed, the import is back to its preview
    (nothing was saved) and the job fails, saying why when it was refused."""
    model_import = ModelImport.objects.select_related("user").get(pk=import_pk)
    if model_import.status != ModelImport.Status.CONFIRMING:
        return  # already saved (an earlier run) or put back: nothing to redo
    try:
        confirm_import(model_import, user=model_import.user, progress=progress, in_background=True)
    except Exception as error:
        ModelImport.objects.filter(pk=import_pk, status=ModelImport.Status.CONFIRMING).update(
            status=ModelImport.Status.PREVIEWED
        )
        if isinstance(error, ImportRefused | PermissionDenied):
            raise JobRefused(str(error)) from error
        raise
