"""The history entry (django-simple-history) that every save of a tracked model writes: the records field the
models declare, and who, when and why on the entry."""

import functools

import simple_history.manager
import simple_history.models
from django.utils import timezone


class HistoryManager(simple_history.manager.HistoryManager):
    """django-simple-history builds the history manager's class anew (`Manager.from_queryset`: a `type()` with every
    queryset method copied onto it) on each access of `instance.history`, and each save of a tracked model makes one
    (3.13, `HistoryDescriptor.__get__`): about a millisecond per save, a fifth of a permission matrix's time. The
    class is the same every time, so it is built once."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(simple_history.models.HistoricalRecords):
    """django-simple-history's records, with the history manager built once (above). Every tracked model uses it."""

    def __init__(self, *args, history_manager=HistoryManager, **kwargs):
        super().__init__(*args, history_manager=history_manager, **kwargs)


def stamp(instance, *, user, at=None, reason: str | None = None):
    """Make the next save of `instance` record `user`, the time `at` (now by default) and `reason`."""
    instance._history_user = user
    instance._history_date = at or timezone.now()
    instance._change_reason = reason
    return instance
