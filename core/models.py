"""The one attachment: an evidence file of a record, stored privately and streamed only after the permission
check of its record (core.views.AttachmentDownloadView). Models, meetings and directive reports attach files
through it."""

import functools
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from .files import validate_upload


def attachment_upload_to(instance, filename):
    # A random folder keeps two uploads of "bao-cao.pdf" apart and file names unguessable.
    name = get_valid_filename(PurePath(filename).name)
    return f"{instance.upload_folder()}/{uuid.uuid4().hex}/{name}"


class AttachmentQuerySet(models.QuerySet):
    def current(self):
        """Attachments not removed: removing one hides it, its file and history stay."""
        return self.filter(removed_at__isnull=True)

    def visible_to(self, user):  # pragma: no cover - every concrete attachment defines who reads it
        raise NotImplementedError


class Attachment(models.Model):
    """An uploaded file of a record. Subclasses name their record in `parent_lookup` (the lookup from the
    attachment to the record whose URL it is served under), `upload_folder()`, and `visible_to(user)` on their
    queryset: whoever may read the record may read its files."""

    parent_lookup = ""

    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def upload_folder(self) -> str:  # pragma: no cover - every concrete attachment defines its folder
        raise NotImplementedError

    @classmethod
    def build(cls, upload, *, user, at=None, **record):
        """An unsaved attachment of `record` made from an upload, refused if the file is not allowed."""
        file_type = validate_upload(upload)
        attachment = cls(
            file=upload,
            original_name=PurePath(upload.name).name[:255],
            content_type=file_type.content_type,
            size=upload.size,
            uploaded_by=user,
            uploaded_at=at or timezone.now(),
            **record,
        )
        attachment._history_user = user
        if at is not None:
            attachment._history_date = at
        return attachment

    def remove(self, *, user, at=None) -> bool:
        """Hide the attachment (never delete it); says whether it was shown until now."""
        if self.removed_at is not None:
            return False
        self.removed_at = at or timezone.now()
        self._history_user = user
        if at is not None:
            self._history_date = at
        self.save(update_fields=["removed_at"])
        return True


class ChoiceLabels:
    """get_FOO_display() read from a table of the field's labels made once per field. Django's makes that table
    anew on every call, hashing (and so translating) every label: a list of 25 models with a status each cost 150
    translations, a third of its rows' drawing time. The labels stay lazy, so each call gives the current
    language's."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


@functools.cache
def _choice_labels(field) -> dict:
    return dict(make_hashable(field.flatchoices))


class Timestamped(models.Model):
    """`created_at` and `updated_at` that follow the time a service records a write at (core.history.stamp), so
    a record entered with an earlier date (an import, the demo) says when it happened, not when it was typed."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        stamped = self.__dict__.get("_history_date")
        if self._state.adding and stamped is not None:
            self.created_at = stamped
        self.updated_at = stamped or timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)


def read_version(model) -> int:
    """The number in a one-row version table (ChoicesVersion, dashboard's RegistryVersion), 0 before its first
    change. A plain statement: every list page and cached page asks, and building it through the ORM cost ten
    times the query itself (0.14 ms against 0.01 ms on SQLite)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE id = 1")  # noqa: S608 (a table name, no input)
        row = cursor.fetchone()
    return row[0] if row else 0


class ChoicesVersion(models.Model):
    """One row: a number changed, in the same transaction, whenever a table that feeds a list's drop-downs
    changes (core/choices.py). Cached choices are keyed by it, so every worker process drops them at once."""

    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("choices version")
        verbose_name_plural = _("choices versions")
        default_permissions = ()

    def __str__(self):
        return str(self.version)


class OutboxEmail(models.Model):
    """An e-mail waiting to go out, written in the same transaction as the change it tells of: a rolled-back
    change sends nothing, and a mail server that is down loses nothing (core.mail retries it)."""

    subject = models.CharField(max_length=255)
    body = models.TextField()
    recipients = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.subject


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def job_upload_to(instance, filename):
    # The job's unguessable id keeps results apart; the name the person sees is `file_name`.
    return f"jobs/{instance.pk}/{get_valid_filename(PurePath(filename).name)}"


class Job(models.Model):
    """Long work done for one person (a report, a booklet, a large export): its progress while it runs, its
    file once done, private to `owner` and kept until `expires_at`. Started and run through core.jobs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=255)
    params = models.JSONField(default=dict, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=job_upload_to, max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def refusal(self) -> str:
        """Why the job was refused (core.jobs.JobRefused, stored as "JobRefused: <reason>"), for its owner, or ""."""
        prefix = "JobRefused: "
        return self.error.removeprefix(prefix) if self.error.startswith(prefix) else ""


from .audit import AuditEntry  # noqa: E402, F401 - the audit log's model lives beside its one-line API
