"""The dashboard's filters: the models list's own agency and unit filters, plus a year."""

import django_filters
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from models_registry.filtersets import ModelScopeFilterSet
from models_registry.models import Agency
from models_registry.models.registry import FIRST_YEAR


class DashboardFilterSet(ModelScopeFilterSet):
    """Agency (with the agencies under it) and administrative unit (with the units beneath or merged into
    it) are ModelScopeFilterSet's, the very filters of /models/, so a figure and the list it links to
    cannot select different models. An official's choice of agency is limited to their own subtree."""

    year = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)],
        help_text=_("Empty: the list today and the models new or removed this year."),
    )

    class Meta(ModelScopeFilterSet.Meta):
        fields = []

    def __init__(self, data=None, *args, limit_to_agency=None, **kwargs):
        super().__init__({} if data is None else data, *args, **kwargs)
        # Before the form is built (lazily, from self.filters): the form then offers only these choices.
        del self.filters["field"]
        if limit_to_agency is not None:
            self.filters["agency"].queryset = Agency.objects.subtree_of(limit_to_agency)

    def filter_year(self, queryset, name, value):
        return queryset  # the year chooses which figures are computed, not which models are in scope
