"""Filters every app's FilterSets share."""

import django_filters


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
