"""The safety net behind the forms: no model saves a control character that no document format can hold."""

from django.db import models

from .text import clean_text


def clean_text_fields(sender, instance, raw=False, **kwargs):
    """pre_save of every model: clean the value of each character and text field (core.text.clean_text).

    The forms clean their input already (core.forms.CleanTextMixin); this catches every other way in: the
    admin's forms, the shell, a service given text by code. Fixtures (`raw`) are loaded as they are."""
    if raw:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                cleaned = clean_text(value)
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)
