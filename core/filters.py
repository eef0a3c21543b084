"""Filters every app's FilterSets share."""

import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DeclaredFiltersMixin:
    """For a FilterSet: tells a filter as its class declares it from one changed for this request (removed, given
    another queryset, as an official's dashboard narrows the agencies to their own, or whose queryset is chosen per
    request, as the meetings a reader may see). What is as declared may be shared between requests."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # This instance's copies of the declared querysets: a narrowing puts another in its filter's place.
        self._declared_querysets = {name: getattr(filter_, "queryset", None) for name, filter_ in self.filters.items()}

    def as_declared(self, name: str) -> bool:
        declared = self._declared_querysets.get(name)
        filter_ = self.filters.get(name)
        return filter_ is not None and getattr(filter_, "queryset", None) is declared and not callable(declared)


class FormClassPerClassMixin(DeclaredFiltersMixin):
    """For a list's FilterSet: the form class made once per FilterSet class and language, not on every request.

    django-filter makes a new form class for every FilterSet it builds (a field made for each filter, then a class
    made of them), and the form deep-copies those fields anyway, as any Django form copies its class's. So a
    FilterSet whose filters are all as declared gets the class made the first time; any other gets its own."""

    _form_classes: dict = {}  # (FilterSet class, language) -> form class, shared by every request of the process

    def get_form_class(self):
        if self.filters.keys() != self._declared_querysets.keys() or not all(map(self.as_declared, self.filters)):
            return super().get_form_class()
        key = (type(self), get_language())
        form_class = self._form_classes.get(key)
        if form_class is None:
            form_class = self._form_classes[key] = super().get_form_class()
        return form_class


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
