"""An import of models from a spreadsheet: who brought which file in, when, what its preview found and what was
saved. The file itself is kept privately (never served from MEDIA_URL) so an import can be checked later."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from core.links import reverse_pk
from core.models import ChoiceLabels, JobStatus


def import_upload_to(instance, filename):
    return f"imports/{uuid.uuid4().hex}/{get_valid_filename(PurePath(filename).name)}"


class ModelImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reviewers see every import; anyone else the imports they made."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_perm("models_registry.review_movementmodel"):
            return self
        return self.filter(user=user)

    def confirmed(self):
        return self.filter(status=ModelImport.Status.CONFIRMED)


class ModelImport(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        # A file with more rows than IMPORT_VALIDATE_IN_REQUEST_MAX_ROWS is checked by a background job first.
        CHECKING = "checking", _("Being checked")
        CHECK_FAILED = "check_failed", _("The check could not be completed")
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        # Confirmed, a large file's rows being saved by a background job (all or none).
        CONFIRMING = "confirming", _("Being saved")
        CONFIRMED = "confirmed", _("Imported")
        FAILED = "failed", _("Not imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"))
    confirmed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    # The background job checking a large file (none when it was checked in the request).
    check_job = models.ForeignKey(
        "core.Job", verbose_name=_("check job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The background job saving a large file once confirmed (none when it was saved in the request).
    confirm_job = models.ForeignKey(
        "core.Job", verbose_name=_("saving job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The preview, row by row (imports/validation.py: Preview.as_json()), as the official saw it.
    report = models.JSONField(_("rows"), default=dict, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)

    objects = ModelImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.original_name}"

    def get_absolute_url(self):
        return reverse_pk("models_registry:import_detail", self.pk)

    @property
    def check_failed(self) -> bool:
        """The background check failed, or was cut off (its job failed without telling, or is gone)."""
        if self.status == self.Status.CHECK_FAILED:
            return True
        job = self.check_job
        return self.status == self.Status.CHECKING and (job is None or job.status == JobStatus.FAILED)

    @property
    def confirm_failed(self) -> bool:
        """The background saving was cut off (its job failed without putting the import back, or is gone): nothing
        was saved, and its importer may confirm it again."""
        job = self.confirm_job
        return self.status == self.Status.CONFIRMING and (job is None or job.status == JobStatus.FAILED)
