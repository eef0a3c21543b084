"""An import confirmed: its rows checked again against the registry as it is now, then saved through the
services (the new rows' drafts for an official, together through models_create_many(); an earlier recognition
recorded for a reviewer and a content update per changed row, one by one), every row or none, in one transaction.
Each model's history entry says which import it came from."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import services
from ..models import ModelImport, MovementModel
from .validation import CREATE, ERROR, UNCHANGED, UPDATE, Preview, validate_stored

HISTORY_REASON = "import:{pk}"


def history_reason(model_import: ModelImport) -> str:
    return HISTORY_REASON.format(pk=model_import.pk)


def import_number(reason: str | None) -> int | None:
    """The import a history entry came from, if it did."""
    prefix = HISTORY_REASON.split("{")[0]
    if reason and reason.startswith(prefix) and reason[len(prefix):].isdecimal():
        return int(reason[len(prefix):])
    return None


def checksum(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def earlier_import(model_import: ModelImport) -> ModelImport | None:
    """The same file, imported before (by checksum)."""
    return (
        ModelImport.objects.confirmed()
        .filter(checksum=model_import.checksum)
        .exclude(pk=model_import.pk)
        .order_by("confirmed_at")
        .first()
    )


def record_preview(model_import: ModelImport, preview: Preview) -> None:
    model_import.report = preview.as_json()
    model_import.created_count = preview.count(CREATE)
    model_import.updated_count = preview.count(UPDATE)
    model_import.unchanged_count = preview.count(UNCHANGED)
    model_import.error_count = preview.count(ERROR) + len(preview.file_errors)
    model_import.warning_count = sum(len(row.warnings) for row in preview.rows)


class ImportRefused(Exception):
    """Nothing was saved; the message says why."""


def check_confirmable(model_import: ModelImport, *, user, in_background=False) -> None:
    """Only its importer confirms an import, once, after its check: refused otherwise. A background saving job
    (imports/confirming.py) finds it "being saved"."""
    if model_import.user_id != user.pk:
        raise PermissionDenied(_("Only the person who uploaded the file can confirm its import."))
    if model_import.status in (ModelImport.Status.CHECKING, ModelImport.Status.CHECK_FAILED):
        raise ImportRefused(_("This file has not been checked yet, or its check failed; nothing was saved. Confirm "
                              "it once its preview is shown."))
    waiting = ModelImport.Status.CONFIRMING if in_background else ModelImport.Status.PREVIEWED
    if model_import.status != waiting and not (not in_background and model_import.confirm_failed):
        raise ImportRefused(_("This import was already confirmed or refused."))


def confirm_import(model_import: ModelImport, *, user, at=None, progress=None, in_background=False) -> ModelImport:
    """Save every row of the import, or none. Only its importer confirms it, once. `progress(rows checked, rows)`,
    if given, is told as the rows are checked again (a background saving job)."""
    check_confirmable(model_import, user=user, in_background=in_background)
    at = at or timezone.now()
    preview = validate_stored(model_import, at=at, progress=progress)
    record_preview(model_import, preview)
    if not preview.can_confirm:
        model_import.save()
        raise ImportRefused(_("The file has errors or nothing new; nothing was saved. Correct the rows shown and "
                              "upload it again."))
    reason = history_reason(model_import)
    comment = _("Imported from file “%(name)s” (import #%(number)s).") % {
        "name": model_import.original_name,
        "number": model_import.pk,
    }
    try:
        with transaction.atomic():
            drafts = []  # new drafts in a row, saved together (services.models_create_many), in the file's order
            for row in [*preview.rows, None]:
                if row is not None and row.action == CREATE and not row.decision:
                    drafts.append(row)
                    continue
                if drafts:
                    _save_drafts(drafts, user=user, at=at, reason=reason)
                    drafts = []
                if row is not None:
                    _save_row(row, user=user, at=at, reason=reason, comment=comment)
            model_import.status = ModelImport.Status.CONFIRMED
            model_import.confirmed_at = at
            model_import.save()
    except (ValidationError, PermissionDenied, services.ConcurrentEditError) as error:
        problem = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        # Refused while saving drafts together: the service says which (else the first of them).
        failed = drafts[getattr(error, "index", None) or 0] if drafts else row
        raise ImportRefused(
            _("Row %(row)s could not be saved (%(problem)s); nothing was saved.") % {"row": failed.number,
                                                                                       "problem": problem}
        ) from error
    return model_import


def _save_drafts(rows, *, user, at, reason) -> list[MovementModel]:
    return services.models_create_many(user=user, rows=[row.data for row in rows], at=at, history_reason=reason)


def _save_row(row, *, user, at, reason, comment) -> MovementModel | None:
    if row.action == CREATE and row.decision:
        return services.model_record_recognised(
            user=user, data=row.data, comment=comment, at=at, history_reason=reason, **row.decision
        )
    if row.action == UPDATE:
        return services.model_update(
            model=row.model, user=user, expected_version=row.model.version, data=row.data, at=at,
            history_reason=reason,
        )
    return None
