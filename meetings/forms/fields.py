"""Fields the meetings' forms share."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from models_registry.models import Agency, MovementModel


def agency_choices(selected=()):
    """Active agencies, plus any inactive one already chosen (a record keeps what it had)."""
    return Agency.objects.filter(Q(is_active=True) | Q(pk__in=[a.pk for a in selected]))


class ModelCodesField(forms.CharField):
    """Models named by their codes (DVK-2023-00012, ...): a list of thousands would not fit a select."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Models concerned"))
        kwargs.setdefault("help_text", _("Codes of the models, separated by commas, e.g. DVK-2023-00012."))
        super().__init__(*args, **kwargs)
        self.queryset = MovementModel.objects.none()

    def clean(self, value):
        value = super().clean(value)
        codes = list(dict.fromkeys(code.upper() for code in re.split(r"[\s,;]+", value or "") if code))
        if not codes:
            return []
        found = {model.code: model for model in self.queryset.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise ValidationError(
                _("No model you can see has the code %(codes)s."), params={"codes": ", ".join(missing)}
            )
        return [found[code] for code in codes]


def model_codes(models) -> str:
    return ", ".join(model.code for model in models)
