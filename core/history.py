"""Who, when and why on the history entry (django-simple-history) that a save writes."""

from django.utils import timezone


def stamp(instance, *, user, at=None, reason: str | None = None):
    """Make the next save of `instance` record `user`, the time `at` (now by default) and `reason`."""
    instance._history_user = user
    instance._history_date = at or timezone.now()
    instance._change_reason = reason
    return instance
