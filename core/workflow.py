"""The one transition helper behind every workflow: a model's review, a directive part's follow-up, a meeting's
and a compilation's publication.

Each record declares its states and moves once, as a django-fsm state machine (with, per move, who may make it);
a service calls `apply_transition()` inside its transaction. It locks the record's row, lets the state machine
refuse an illegal move with a clear message, applies the move's changes, bumps the record's version (so an edit
form opened before the move is refused when saved after it), saves with the mover as the history entry's author,
the move's time and a history reason, and writes the move's event row (who, when, from, to, why) through the
caller's `record` function. Notifications the caller queues go out only once the transaction commits
(accounts.notifications.notify).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import FSMFieldMixin, TransitionNotAllowed

from . import audit

HISTORY_REASON_PREFIX = "workflow:"


@dataclass
class Move:
    """A move being made: the locked row, the states it went from and to, who made it and when."""

    record: object
    name: str
    from_state: str
    to_state: str
    actor: object
    at: datetime


def state_field(model) -> str:
    """The name of the model's django-fsm state field."""
    return next(f.name for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin))


def apply_transition(
    instance,
    name: str,
    *,
    actor,
    at: datetime | None = None,
    label: str = "",
    changes: dict | None = None,
    record: Callable[[Move], object] | None = None,
    history_reason: str | None = None,
    illegal: str = "",
):
    """Make the move `name` (a django-fsm transition method of the model) on the locked row of `instance`.

    The caller holds the transaction. Returns what `record` returned (the event row), or the Move. `instance`
    holds the saved row's values afterwards. `illegal` is the refusal's message, with %(action)s and
    %(status)s."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("apply_transition() runs inside the service's transaction")
    model = type(instance)
    field = state_field(model)
    locked = model._default_manager.select_for_update().get(pk=instance.pk)
    from_state = getattr(locked, field)
    try:
        getattr(locked, name)()
    except TransitionNotAllowed:
        raise ValidationError(
            illegal or _("“%(action)s” is not possible while it is “%(status)s”."),
            params={
                "action": label or name,
                "status": (status := getattr(locked, f"get_{field}_display")()),
                "state": status,
            },
            code="illegal_transition",
        ) from None
    for attribute, value in (changes or {}).items():
        setattr(locked, attribute, value)
    if hasattr(locked, "version"):
        locked.version += 1
    at = at or timezone.now()
    locked._history_user = actor
    locked._history_date = at
    locked._change_reason = history_reason or f"{HISTORY_REASON_PREFIX}{name}"
    locked.save()
    move = Move(locked, name, from_state, getattr(locked, field), actor, at)
    result = record(move) if record else move
    # In the same transaction as the move: the decision and its audit entry stand or fall together.
    audit.record(actor, audit.DECISION, target=locked, move=name, from_state=from_state, to_state=move.to_state)
    # The caller's instance takes the saved row's values: what refresh_from_db() would read back, without asking
    # the database again (a bulk load makes thousands of moves). Setting a foreign key's id drops its cached object.
    for model_field in model._meta.concrete_fields:
        setattr(instance, model_field.attname, getattr(locked, model_field.attname))
    instance.__dict__.pop("_prefetched_objects_cache", None)
    return result


def allowed_moves(instance, user) -> set[str]:
    """The names of the moves `user` may make on `instance` now: what pages ask instead of listing states."""
    field = state_field(type(instance))
    return {t.name for t in getattr(instance, f"get_available_user_{field}_transitions")(user)}


def _lighter_migration_states() -> None:
    """Stop django-fsm's status fields slowing every `migrate` down with the square of the migrations.

    Each FSMField connects a `class_prepared` receiver when added to a class (django_fsm/__init__.py,
    `contribute_to_class`); the migration framework renders its historical models thousands of times, and each
    rendering adds one more receiver that every later class then calls: about 1.7 million calls and most of
    `migrate`'s 18 s of CPU (docs/testing.md). Historical models (module "__fake__") run no transitions, so
    their status field is given only the plain field's set-up."""
    from django.db.models import Field

    original = FSMFieldMixin.contribute_to_class
    if getattr(original, "_skips_migration_states", False):
        return

    def contribute_to_class(self, cls, name, private_only=False, **kwargs):
        if cls.__module__ == "__fake__":
            self.base_cls = cls
            return Field.contribute_to_class(self, cls, name, private_only=private_only, **kwargs)
        return original(self, cls, name, private_only=private_only, **kwargs)

    contribute_to_class._skips_migration_states = True
    FSMFieldMixin.contribute_to_class = contribute_to_class

