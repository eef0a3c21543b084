"""Filters every app's FilterSets share."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts by the chosen column, then by pk, so paging never skips or repeats a row."""

    def __init__(self, *args, default=("-pk",), **kwargs):
        self.default = default
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if not value:
            return qs.order_by(*self.default)
        # The tie-breaker goes the way the chosen column goes, so one index on (column, id), read forwards or
        # backwards, serves both directions (core/pagination.py).
        last = str(qs.query.order_by[-1]) if qs.query.order_by else ""
        return qs.order_by(*qs.query.order_by, "-pk" if last.startswith("-") else "pk")


class AllYesNoSelect(forms.NullBooleanSelect):
    """Yes / no with an empty choice that reads "All": in a list's filter, Django's "Unknown" means nothing."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("unknown", _("All")), ("true", _("Yes")), ("false", _("No")))


class YesNoFilter(django_filters.BooleanFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AllYesNoSelect)
        super().__init__(*args, **kwargs)


def describe_filters(filterset) -> str:
    """The filters, search and ordering a list was narrowed by, as the line an export's title block shows."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return ""
    parts = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            continue
        if isinstance(value, list | tuple):
            shown = ", ".join(str(v) for v in value)
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = str(dict((str(k), v) for k, v in field.choices).get(str(value), value))
        else:
            shown = str(value)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)
