"""Form widgets and fields every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .files import ALLOWED_TYPES, validate_upload


class DatePicker(forms.DateInput):
    """A date typed and shown dd/mm/yyyy whatever the browser's language (the browser's own date input follows
    its language: 11/30/2026 on an English one, where 05/12 typed means 12 May). A text input, so it works
    without JavaScript; static/js/pickers.js adds a calendar (vendored flatpickr). The server also takes ISO
    dates (DATE_INPUT_FORMATS), so links with ?deadline_after=2026-01-31 keep working."""

    def __init__(self, attrs=None):
        attrs = {
            "data-picker": "date",
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": 10,
            **(attrs or {}),
        }
        super().__init__(attrs, format="%d/%m/%Y")


class TimePicker(forms.TimeInput):
    """A time typed and shown 24-hour (08:00, 14:30) whatever the browser's language."""

    def __init__(self, attrs=None):
        attrs = {
            "data-picker": "time",
            "placeholder": _("hh:mm"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": 5,
            **(attrs or {}),
        }
        super().__init__(attrs, format="%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input, each checked against the size bound and the allow-list."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(ALLOWED_TYPES))

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned, errors = [], []
        for upload in files:
            try:
                upload = super().clean(upload, initial)
                validate_upload(upload)
                cleaned.append(upload)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned
