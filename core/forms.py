"""Form widgets and fields every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError

from .files import ALLOWED_TYPES, validate_upload


class DatePicker(forms.DateInput):
    """The browser's date picker. It reads and writes ISO dates whatever the interface's display format,
    so an initial value rendered as 27/11/2026 would show as empty and be sent back blank."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


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
