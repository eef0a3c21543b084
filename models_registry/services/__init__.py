"""Every write to the registry goes through these functions: views, the admin, commands, the demo and (later)
imports and the API call them. Each checks who may do it, changes the database in one transaction and leaves
a history entry (who, when, what); workflow moves also leave a ModelEvent.

- registry.py: registering and editing a model's content;
- workflow.py: the review workflow's moves (submit, recognise, flag, answer, keep or remove, restore, ...);
- rounds.py: the yearly review rounds;
- replication.py: which models a model replicates (nhân rộng).
"""

from core.exceptions import AlreadyDecidedError, ConcurrentEditError

from .registry import CONTENT_FIELDS, IndicatorData, model_create, model_update, models_create_many
from .replication import (
    may_link,
    replication_change,
    replication_link,
    replication_unlink,
    replications_set,
)
from .rounds import round_close, round_confirm, round_confirm_many, round_models, round_open
from .workflow import (
    check_owner_official,
    check_reviewer,
    flag_answer,
    flag_decide,
    model_confirm,
    model_flag,
    model_mark_typical,
    model_recognise,
    model_record_recognised,
    model_restore,
    model_return,
    model_submit,
    models_bulk_flag,
    models_bulk_keep,
)

__all__ = [
    "CONTENT_FIELDS",
    "AlreadyDecidedError",
    "ConcurrentEditError",
    "IndicatorData",
    "check_owner_official",
    "check_reviewer",
    "flag_answer",
    "flag_decide",
    "model_confirm",
    "model_create",
    "model_flag",
    "model_mark_typical",
    "model_recognise",
    "model_record_recognised",
    "model_restore",
    "model_return",
    "model_submit",
    "model_update",
    "models_create_many",
    "models_bulk_flag",
    "models_bulk_keep",
    "may_link",
    "replication_change",
    "replication_link",
    "replication_unlink",
    "replications_set",
    "round_close",
    "round_confirm",
    "round_confirm_many",
    "round_models",
    "round_open",
]
