from .agencies import Agency
from .counts import ModelCount
from .imports import ModelImport
from .reference import Field, IndicatorType
from .registry import ModelAttachment, ModelIndicator, ModelWords, MovementModel, Spread
from .replication import Replication
from .review import ModelEvent, ReviewFlag, ReviewRound, RoundEntry
from .units import AdministrativeUnit, UnitSuccession

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "Field",
    "IndicatorType",
    "ModelAttachment",
    "ModelCount",
    "ModelIndicator",
    "ModelWords",
    "ModelEvent",
    "ModelImport",
    "MovementModel",
    "Replication",
    "ReviewFlag",
    "Spread",
    "ReviewRound",
    "RoundEntry",
    "UnitSuccession",
]
