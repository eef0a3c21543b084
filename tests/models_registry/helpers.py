"""What the registry's tests share: the POST data of the model form, and reading what a page shows."""

import html
import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.utils import translation

from models_registry.models import MovementModel


def indicator_rows(rows=(), *, initial: int = 0) -> dict:
    """The indicator formset's fields: the management form, then one row per dict.

    A row has indicator_type, value and year, and "DELETE": "on" to remove a recorded row.
    """
    data = {
        "indicators-TOTAL_FORMS": str(len(rows)),
        "indicators-INITIAL_FORMS": str(initial),
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"indicators-{number}-{key}"] = value.pk if hasattr(value, "pk") else value
    return data


def _pk(value):
    return value.pk if hasattr(value, "pk") else value


def new_model_data(*, indicators=(), **fields) -> dict:
    """A "new model" form, complete once owner_agency, registered_unit and field are given.

    Keyword arguments replace single fields (objects stand for their pk); None removes a field.
    """
    data = {
        "name": "Dân vận khéo trong hiến đất làm đường",
        "kind": "model",
        "level": "commune",
        "year_started": "2021",
        "description": "Vận động nhân dân hiến đất mở rộng đường thôn.",
        "approach": "Họp dân, công khai, cán bộ đảng viên đi trước.",
        "results": "2 km đường mới.",
        **indicator_rows(indicators),
    }
    return _apply(data, fields)


def edit_model_data(model: MovementModel, *, indicators=None, **overrides) -> dict:
    """The edit form as the browser posts it when the user changes only `overrides`.

    The model is re-read, so the form carries the version an editor would see now. `indicators`
    replaces the indicator rows (existing ones first, as initial forms).
    """
    model = MovementModel.objects.get(pk=model.pk)
    existing = [
        {"indicator_type": i.indicator_type_id, "value": str(i.value), "year": str(i.year)}
        for i in model.indicators.all()
    ]
    data = {
        "version": str(model.version),
        "name": model.name,
        "kind": model.kind,
        "owner_agency": model.owner_agency_id,
        "cooperating_agencies": [a.pk for a in model.cooperating_agencies.all()],
        "registered_unit": model.registered_unit_id,
        "field": model.field_id,
        "level": model.level,
        "year_started": str(model.year_started),
        "description": model.description,
        "approach": model.approach,
        "results": model.results,
        **indicator_rows(existing if indicators is None else indicators, initial=len(existing)),
    }
    return _apply(data, overrides)


def _apply(data: dict, overrides: dict) -> dict:
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = _pk(value)
    return data


def in_default_language(msgid: str, **params) -> str:
    """A message as a user with the default interface language reads it (Vietnamese once translated)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(msgid)
    return text % params if params else text


def shows(response, msgid: str, **params) -> bool:
    """Whether the page shows the message, in the default interface language."""
    return html.escape(in_default_language(msgid, **params), quote=False) in response.content.decode()


def error_messages(errors) -> list[str]:
    """An ErrorList's messages in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return [str(message) for message in errors]


def error_codes(form, field: str) -> list[str]:
    return [error.code for error in form.errors.as_data().get(field, [])]


def listed(response) -> list[int]:
    """The pks of the models on a list page, in page order."""
    return [model.pk for model in response.context["models"]]


def page_link(response, rel: str) -> dict[str, list[str]]:
    """The query parameters of the pagination link rel="next" or rel="prev"."""
    match = re.search(r'<a href="([^"]*)" rel="' + rel + '"', response.content.decode())
    assert match, f'no rel="{rel}" link on the page'
    return parse_qs(urlsplit(html.unescape(match.group(1))).query)


def use_english(client) -> None:
    """Choose English with the language switch's cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
