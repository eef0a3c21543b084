"""The web lists' FilterSets as the API uses them. The models list pages by cursor over its newest-first order,
so its sort parameter (`o`) is left out; every other filter is the web list's own."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from meetings.filtersets import DirectiveFilterSet
from models_registry.choices import FlagOutcome
from models_registry.filtersets import MovementModelFilterSet
from models_registry.models import ReviewFlag

# The agency and unit filters pick a record by its id: said so for the OpenAPI description.
_by_id = extend_schema_field(OpenApiTypes.INT)


class ApiModelFilterSet(MovementModelFilterSet):
    @_by_id
    def filter_agency(self, queryset, name, agency):
        return super().filter_agency(queryset, name, agency)

    @_by_id
    def filter_unit(self, queryset, name, unit):
        return super().filter_unit(queryset, name, unit)


ApiModelFilterSet.base_filters.pop("o")


class ApiDirectiveFilterSet(DirectiveFilterSet):
    @_by_id
    def filter_agency(self, queryset, name, agency):
        return super().filter_agency(queryset, name, agency)


class FlagFilterSet(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=FlagOutcome.choices)
    year = django_filters.NumberFilter(field_name="flagged_at", lookup_expr="year")

    class Meta:
        model = ReviewFlag
        fields = ["model", "round", "outcome", "reason"]
