"""The registry version: what the cached dashboard figures are keyed by.

Every save or delete of a row that a figure counts (models, their workflow events and flags, directives,
their parts and progress reports, meetings, and the agencies, fields and units the figures group by)
bumps the version once the transaction commits, so a cached figure is never served after a change and
nothing has to know which cache keys exist. The version is a row in the database, so all worker
processes agree on it. A bulk `QuerySet.update()` sends no signal: code that changes these tables that
way must call `bump()` itself.
"""

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

WATCHED = [
    ("models_registry", "MovementModel"),
    ("models_registry", "ModelEvent"),
    ("models_registry", "ReviewFlag"),
    ("models_registry", "Agency"),
    ("models_registry", "Field"),
    ("models_registry", "AdministrativeUnit"),
    ("models_registry", "UnitSuccession"),
    ("meetings", "Meeting"),
    ("meetings", "Directive"),
    ("meetings", "DirectiveAssignment"),
    ("meetings", "ProgressEntry"),
]


def current() -> int:
    from .models import RegistryVersion

    return RegistryVersion.objects.values_list("version", flat=True).filter(pk=1).first() or 0


def _bump_now():
    from .models import RegistryVersion

    if not RegistryVersion.objects.filter(pk=1).update(version=F("version") + 1):
        RegistryVersion.objects.get_or_create(pk=1, defaults={"version": 2})


def bump():
    """Bump the version when the current transaction commits (at once outside a transaction)."""
    # Once per transaction is enough: a bulk action that saves a hundred models bumps once. Only a bump
    # registered within the very same savepoints stands for this one: one registered in a savepoint that
    # is rolled back later is dropped with it.
    if connection.in_atomic_block:
        here = set(connection.savepoint_ids)
        if any(func is _bump_now and sids == here for sids, func, _robust in connection.run_on_commit):
            return
    transaction.on_commit(_bump_now)


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
