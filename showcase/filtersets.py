"""The public list's filters: a search without diacritics, the field, and today's commune or ward with the registry's
unit semantics (MovementModelQuerySet.in_unit(): a model registered in a commune merged in 2025 is found under the
commune that stands for it today)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.choices import CachedChoicesMixin
from core.filters import FormClassPerClassMixin
from core.search import SearchFilter
from models_registry.choices import UnitLevel
from models_registry.filtersets import UnitFilter
from models_registry.models import AdministrativeUnit, Field, MovementModel


class PublicModelFilterSet(FormClassPerClassMixin, CachedChoicesMixin, django_filters.FilterSet):
    cached_choices = ("field", "unit")

    q = SearchFilter()
    field = django_filters.ModelChoiceFilter(label=_("Field"), queryset=Field.objects.all())
    unit = UnitFilter(
        label=_("Commune or ward (today)"),
        queryset=AdministrativeUnit.objects.current()
        .filter(level=UnitLevel.COMMUNE)
        .select_related("parent")
        .order_by("name", "pk"),
        method="filter_unit",
    )

    class Meta:
        model = MovementModel
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search_public(value)

    def filter_unit(self, queryset, name, unit):
        return queryset.in_unit(unit)
