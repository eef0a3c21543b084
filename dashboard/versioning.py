"""The registry version: what the cached dashboard figures and public pages are keyed by.

Every save or delete of a row that a figure counts (models, their workflow events and flags, directives,
their parts and progress reports, meetings, and the agencies, fields and units the figures group by) or that a
public page shows (those, and the models' indicators, compilations and their entries) bumps the version once the
transaction commits, so a cached figure or public page is never served after a change and
nothing has to know which cache keys exist. The version is a row in the database, so all worker
processes agree on it. A bulk `QuerySet.update()` sends no signal: code that changes these tables that
way must call `bump()` itself.
"""

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from core.models import read_version

WATCHED = [
    ("models_registry", "MovementModel"),
    ("models_registry", "ModelEvent"),
    ("models_registry", "Replication"),
    ("models_registry", "ReviewFlag"),
    ("models_registry", "Agency"),
    ("models_registry", "Field"),
    ("models_registry", "AdministrativeUnit"),
    ("models_registry", "UnitSuccession"),
    ("meetings", "Meeting"),
    ("meetings", "Directive"),
    ("meetings", "DirectiveAssignment"),
    ("meetings", "ProgressEntry"),
    # What the public pages show besides (showcase.views.kept_until_changed): results, compilations, entries.
    ("models_registry", "ModelIndicator"),
    ("models_registry", "IndicatorType"),
    ("compilations", "Compilation"),
    ("compilations", "Nomination"),
]


def current() -> int:
    # Asked by every cached dashboard, cached API figures and kept public page, for which it is most of the work.
    from .models import RegistryVersion

    return read_version(RegistryVersion)


def _bump_now():
    from .models import RegistryVersion

    if not RegistryVersion.objects.filter(pk=1).update(version=F("version") + 1):
        RegistryVersion.objects.get_or_create(pk=1, defaults={"version": 2})


class _Bump:
    """The bump of one transaction. It is registered again in each savepoint that changes a watched row (the
    registration made in a savepoint that rolls back is dropped with it, as Django drops any on_commit callback
    there), and bumps once at commit however often it was registered."""

    def __init__(self):
        self.done = False

    def __call__(self):
        if not self.done:
            self.done = True
            _bump_now()


def bump():
    """Bump the version when the current transaction commits (at once outside a transaction)."""
    if not connection.in_atomic_block:
        _bump_now()
        return
    # Once per transaction is enough: a bulk action that saves a hundred models bumps once. A save in the same
    # savepoints as the last registration adds nothing; one in other savepoints registers the transaction's bump
    # again, since a rollback of those savepoints would drop the last registration. Asked in constant time: a
    # bulk load's thousands of service calls, each in a savepoint of its own, once made every registration scan
    # all the earlier ones and then ran one UPDATE each at commit.
    here = tuple(connection.savepoint_ids)
    pending = connection.run_on_commit
    last = getattr(connection, "_dashboard_last_bump", None)
    if last is not None:
        index, savepoints, once = last
        # Registered in this transaction, not dropped, not run yet (tests run callbacks without committing).
        if index < len(pending) and pending[index][1] is once and not once.done:
            if savepoints == here:
                return
            transaction.on_commit(once)
            connection._dashboard_last_bump = (len(connection.run_on_commit) - 1, here, once)
            return
    once = _Bump()
    transaction.on_commit(once)
    connection._dashboard_last_bump = (len(connection.run_on_commit) - 1, here, once)


def _on_change(sender, **kwargs):
    if kwargs.get("raw"):  # loaddata
        return
    bump()


def connect_signals():
    from django.apps import apps

    for app_label, model_name in WATCHED:
        model = apps.get_model(app_label, model_name)
        uid = f"dashboard.version.{app_label}.{model_name}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + ".delete")
