"""The web forms' own validation, applied to what the API received: one set of rules for a page and a client."""

from django import forms
from rest_framework.exceptions import ValidationError

from models_registry.forms import IndicatorFormSet, MovementModelForm


def _errors(form_errors) -> dict:
    return {
        ("detail" if name == "__all__" else name): [str(m) for m in messages] for name, messages in form_errors.items()
    }


def clean(form: forms.Form) -> dict:
    """The form's cleaned data, or a 400 saying which field and why."""
    if not form.is_valid():
        raise ValidationError(_errors(form.errors))
    return form.cleaned_data


def indicators_formset(rows):
    """The indicator formset of the model form, filled from the API's list of indicators."""
    data = {
        "indicators-TOTAL_FORMS": str(len(rows)),
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"indicators-{number}-{key}"] = value
    return IndicatorFormSet(data, prefix="indicators")


def clean_indicators(rows) -> list:
    formset = indicators_formset(rows)
    if not formset.is_valid():
        errors = [_errors(form_errors) for form_errors in formset.errors]
        detail = [str(m) for m in formset.non_form_errors()]
        raise ValidationError({"indicators": detail or errors})
    return formset.indicator_data()


def clean_model(payload: dict, *, user, instance=None) -> tuple[dict, list, list | None]:
    """The model form's and the indicator formset's checks: content data, co-operating agencies, indicators."""
    data = {key: value for key, value in payload.items() if key not in ("indicators", "version")}
    form = MovementModelForm(data, instance=instance, user=user)
    form.fields.pop("version")
    form.fields.pop("new_attachments")
    form.fields.pop("remove_attachments", None)
    cleaned = clean(form)
    indicators = clean_indicators(payload["indicators"]) if "indicators" in payload else None
    return form.model_data(), list(cleaned["cooperating_agencies"]), indicators
