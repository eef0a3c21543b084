"""Making and revoking API tokens: the one path the web page, the admin and the command share."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PREFIX_LENGTH, ApiToken, digest, new_key


def token_create(*, user, name: str, days: int | None = None, at=None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its key, which is never stored and cannot be shown again."""
    name = name.strip()
    days = settings.API_TOKEN_DAYS if days is None else days
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. what will use it.")})
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lasts between 1 and %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    at = at or timezone.now()
    key = new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[:PREFIX_LENGTH],
        digest=digest(key),
        created_at=at,
        expires_at=at + datetime.timedelta(days=days),
    )
    return token, key


def token_revoke(*, token: ApiToken, user, at=None) -> ApiToken:
    """Its owner or an administrator revokes it; it stays, revoked, with the writes it made."""
    if token.user_id != user.pk and not user.has_perm("accounts.change_user"):
        raise PermissionDenied(_("You may only revoke your own tokens."))
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at, locked.revoked_by = at or timezone.now(), user
            locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked
