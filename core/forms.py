"""The base of every form, and the widgets and fields every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError

from .files import ALLOWED_TYPES, validate_upload
from .text import clean_text


class CleanTextMixin:
    """Every text field of the form is cleaned of the control characters no document format can hold
    (core.text.clean_text) before its own cleaning and validation: Word's line break pasted into the minutes
    becomes a line break, a NUL byte is dropped. And a choice of several records refuses an id no database
    integer holds. Every form of the project derives from `Form` or `ModelForm` below
    (tests/security/test_text_cleaning.py checks it)."""

    def full_clean(self):
        # Here rather than in __init__: forms add fields in their own __init__, after ours.
        for field in self.fields.values():
            if getattr(field, "input_guarded", False):
                continue
            field.input_guarded = True
            if isinstance(field, forms.CharField):
                field.to_python = _cleaning(field.to_python)
            elif isinstance(field, forms.ModelMultipleChoiceField):
                field.clean = _bounding_ids(field, field.clean)
        super().full_clean()


def _cleaning(to_python):
    def to_python_cleaned(value):
        return to_python(clean_text(value))

    return to_python_cleaned


_LARGEST_ID = 2**63 - 1


def _bounding_ids(field, clean):
    """Several records chosen by id: an id beyond any database integer is refused as not valid (SQLite raised
    OverflowError on `pk__in` and the page answered 500)."""

    def clean_bounded(value):
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item).strip()
            digits = text.lstrip("+-")
            if digits.isdigit() and (len(digits) > 19 or int(digits) > _LARGEST_ID):
                raise ValidationError(
                    field.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text}
                )
        return clean(value)

    return clean_bounded


class Form(CleanTextMixin, forms.Form):
    pass


class ModelForm(CleanTextMixin, forms.ModelForm):
    pass


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
