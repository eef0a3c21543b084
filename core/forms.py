"""The base of every form, and the widgets and fields every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
            if digits.isdecimal() and (len(digits) > 19 or int(digits) > _LARGEST_ID):
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


def _search_words() -> dict:
    """The words static/js/selects.js shows, translated here since the script has no catalogue."""
    return {"data-no-results": _("Nothing matches"), "data-remove-label": _("Remove this choice")}


class SearchableSelect(forms.Select):
    """A drop-down of many entries (233 agencies, hundreds of administrative units) that can be searched by
    typing: static/js/selects.js turns the selects marked `data-searchable` into a search box (vendored Tom
    Select), which matches without diacritics ("dan van" finds "Dân vận"). Without JavaScript it is the
    browser's own select, which works as before."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-searchable": "single", **_search_words(), **(attrs or {})}, choices)


class SearchableSelectMultiple(forms.SelectMultiple):
    """Several entries chosen from many (co-operating agencies, organisers): each choice typed or picked is
    added to those already chosen and shown as a tag with its own remove button, so no plain click drops the
    earlier choices as the browser's own list box does. Without JavaScript it is that list box (Ctrl+click to
    choose several)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-searchable": "multiple", "size": 8, **_search_words(), **(attrs or {})}, choices)


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
