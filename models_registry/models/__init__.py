from .agencies import Agency
from .reference import Field, IndicatorType
from .registry import ModelAttachment, ModelIndicator, MovementModel
from .units import AdministrativeUnit, UnitSuccession

__all__ = [
    "AdministrativeUnit",
    "Agency",
    "Field",
    "IndicatorType",
    "ModelAttachment",
    "ModelIndicator",
    "MovementModel",
    "UnitSuccession",
]
