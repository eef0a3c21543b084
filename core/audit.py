"""The audit log: an append-only record of who did what that matters for security, one line to write.

    from core import audit
    audit.record(request.user, audit.EXPORT, target=meeting, format="docx")

Sign-ins and their failures, refused requests (403), role and permission changes, every workflow decision and
every export land here (and, once they exist, imports and API writes). Entries are never changed or deleted:
the model refuses to save over an entry or delete one, its QuerySet refuses bulk updates and deletes, and on
PostgreSQL a trigger makes the database itself refuse UPDATE and DELETE on the table (migration 0002), so not even
a bug or a hand-written SQL statement of the application's user can rewrite history. Administrators read it in the
admin (read-only, filtered by action, date and person).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The actions; a namespaced string, so a new kind of entry needs no migration.
LOGIN = "login"
LOGIN_FAILED = "login.failed"
LOGOUT = "logout"
PASSWORD_CHANGED = "password.changed"
SECOND_FACTOR_ENROLLED = "otp.enrolled"
SECOND_FACTOR_VERIFIED = "otp.verified"
SECOND_FACTOR_FAILED = "otp.failed"
RECOVERY_CODE_USED = "otp.recovery_code_used"
SESSION_EXPIRED = "session.expired"
FORBIDDEN = "forbidden"
ROLE_CHANGED = "role.changed"
PERMISSION_CHANGED = "permission.changed"
ACCOUNT_CHANGED = "account.changed"
DECISION = "decision"
EXPORT = "export"
REPLICATION_LINKED = "replication.linked"
REPLICATION_CHANGED = "replication.changed"
REPLICATION_REMOVED = "replication.removed"

ACTION_LABELS = {
    LOGIN: _("Signed in"),
    LOGIN_FAILED: _("Sign-in failed"),
    LOGOUT: _("Signed out"),
    PASSWORD_CHANGED: _("Password changed"),
    SECOND_FACTOR_ENROLLED: _("Authenticator app set up"),
    SECOND_FACTOR_VERIFIED: _("Second factor verified"),
    SECOND_FACTOR_FAILED: _("Second factor refused"),
    RECOVERY_CODE_USED: _("Recovery code used"),
    SESSION_EXPIRED: _("Session expired"),
    FORBIDDEN: _("Request refused (403)"),
    ROLE_CHANGED: _("Roles changed"),
    PERMISSION_CHANGED: _("Role permissions changed"),
    ACCOUNT_CHANGED: _("Account status changed"),
    DECISION: _("Workflow decision"),
    EXPORT: _("Export"),
    REPLICATION_LINKED: _("Replication link added"),
    REPLICATION_CHANGED: _("Replication link changed"),
    REPLICATION_REMOVED: _("Replication link removed"),
}


class AppendOnlyError(Exception):
    """An audit entry cannot be changed or deleted."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries are never changed")

    def delete(self):
        raise AppendOnlyError("audit entries are never deleted")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True, editable=False)
    # Users are never deleted (they are deactivated), so the entry keeps its author; PROTECT says so.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # The name as it was then, and the name tried at a failed sign-in (no account behind it, maybe).
    username = models.CharField(_("username"), max_length=150, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=40, db_index=True, editable=False)
    target_type = models.CharField(_("record type"), max_length=100, blank=True, editable=False)
    target_id = models.CharField(_("record id"), max_length=64, blank=True, editable=False)
    target = models.CharField(_("record"), max_length=255, blank=True, editable=False)
    details = models.JSONField(_("details"), default=dict, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)
    path = models.CharField(_("address"), max_length=255, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.target}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are never deleted")

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


def record(actor, action: str, target=None, *, request=None, **details) -> AuditEntry:
    """Write one audit entry: who (a user, an anonymous user or None for the system), what, on which record, and
    any details (JSON-serialisable). With `request`, its address and path too. Inside a transaction the entry
    stands or falls with the change it records."""
    person = actor if getattr(actor, "is_authenticated", False) else None
    username = details.pop("username", None) or (person.get_username() if person else "")
    entry = AuditEntry(actor=person, username=username[:150], action=action, details=_plain(details))
    if target is not None:
        entry.target_type = target._meta.label_lower if hasattr(target, "_meta") else type(target).__name__
        entry.target_id = str(getattr(target, "pk", "") or "")[:64]
        entry.target = str(target)[:255]
    if request is not None:
        entry.ip_address = client_address(request)
        entry.path = request.get_full_path()[:255]
    entry.save()
    return entry


def client_address(request) -> str | None:
    # REMOTE_ADDR is what the server saw (the proxy in front of gunicorn sets it through its own header handling).
    return request.META.get("REMOTE_ADDR") or None


def _plain(value):
    """Details as JSON holds them: model instances by their text, other objects by str()."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
