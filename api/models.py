"""Personal API tokens: stored hashed, named, with an expiry, revoked rather than deleted.

The key is shown once, when the token is made; the database keeps only its SHA-256 digest (the key is 32
random bytes, so a fast hash is enough: there is nothing to guess from a dictionary) and its first
characters, so a person can tell their tokens apart. A revoked or expired token stays, with the writes it
made (TokenWrite), so "which system did this" can still be answered later.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self, at=None):
        """Neither revoked nor expired at `at` (now)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, e.g. “national roll-up”."))
    prefix = models.CharField(_("starts with"), max_length=PREFIX_LENGTH, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class TokenWrite(models.Model):
    """An API request that changed something, with the token that made it: append-only."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="writes")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("API write")
        verbose_name_plural = _("API writes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
