"""Input validation for the registry's web forms; writes happen in services/."""

from .registry import (
    IndicatorFormSet,
    MovementModelForm,
    ReplicationKindForm,
    ReplicationLinkForm,
    indicator_initial,
)
from .rounds import FlagRoundForm, ReviewRoundForm, RoundConfirmForm
from .units import UnitChoiceField
from .workflow import AnswerForm, BulkActionForm, DecideForm, FlagForm, RecogniseForm, RestoreForm, ReturnForm

__all__ = [
    "AnswerForm",
    "BulkActionForm",
    "DecideForm",
    "FlagForm",
    "FlagRoundForm",
    "IndicatorFormSet",
    "MovementModelForm",
    "RecogniseForm",
    "ReplicationKindForm",
    "ReplicationLinkForm",
    "RestoreForm",
    "ReturnForm",
    "ReviewRoundForm",
    "RoundConfirmForm",
    "UnitChoiceField",
    "indicator_initial",
]
