"""What the meetings' services share: the permission check, one history snapshot per write, who is told."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.notifications import notify
from core.history import stamp


def require(user, permission: str, message: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(message)


def save_with_history(instance, *, user, reason: str = "", m2m: dict | None = None, at=None) -> None:
    """Save a row and its many-to-many links, leaving exactly one history snapshot that includes the links,
    dated `at` (now by default).

    simple-history would otherwise write one snapshot for the row and another for each link change,
    and the timeline would show a creation followed by a spurious change.
    """
    instance.skip_history_when_saving = True
    stamp(instance, user=user, at=at)
    try:
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    stamp(instance, user=user, at=at, reason=reason or None)
    instance.save(update_fields=["updated_at"])


def agency_officials(agencies):
    return User.objects.officials_of(agencies)


def notify_assigned(directive, agencies, *, at=None) -> None:
    """Tell the officials of newly assigned agencies, once the directive is published with its meeting."""
    if not directive.meeting.is_published or not agencies:
        return
    notify(
        agency_officials(agencies),
        gettext_noop("A directive of “%(meeting)s” was assigned to your agency: %(text)s"),
        {"meeting": directive.meeting.title, "text": directive.text[:120]},
        url=directive.get_absolute_url(),
        at=at,
    )
