"""Query parameters every list validates the same way.

A year in a URL becomes a date's bounds in SQL: `?year=-5` or `?year=99999999999` made Python's date raise and
the page answer 500. A year is a whole number within YEAR_RANGE; anything else is a form error shown beside
the filter, and the list is empty (django-filter's strict mode).
"""

import django_filters
from django import forms

YEAR_RANGE = (1900, 2100)


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_RANGE[0])
        kwargs.setdefault("max_value", YEAR_RANGE[1])
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year, between 1900 and 2100."""

    field_class = YearField
