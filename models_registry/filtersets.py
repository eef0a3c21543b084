import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.choices import CachedChoicesMixin
from core.filters import FormClassPerClassMixin, StableOrderingFilter, YesNoFilter
from core.forms import SearchableSelect
from core.pagination import capped_count
from core.params import YearFilter
from core.search import SearchFilter

from .choices import ModelKind, ModelLevel, ModelStatus
from .forms.units import UnitChoiceField
from .models import AdministrativeUnit, Agency, Field, ModelWords, MovementModel

ALL_STATUSES = "all"


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class ModelScopeFilterSet(FormClassPerClassMixin, CachedChoicesMixin, django_filters.FilterSet):
    """Where a model belongs: its agency, field and unit. The review queue filters by these."""

    cached_choices = ("agency", "field", "unit")

    agency = django_filters.ModelChoiceFilter(
        label=_("Agency (with the agencies under it)"),
        queryset=Agency.objects.all(),
        method="filter_agency",
        widget=SearchableSelect,  # 233 agencies, hundreds of units: typed rather than scrolled
    )
    field = django_filters.ModelChoiceFilter(label=_("Field"), queryset=Field.objects.all())
    unit = UnitFilter(
        label=_("Administrative unit (with units beneath or merged into it)"),
        queryset=AdministrativeUnit.objects.select_related("parent").order_by("valid_to", "level", "name", "pk"),
        method="filter_unit",
        widget=SearchableSelect,
    )

    class Meta:
        model = MovementModel
        fields = []

    def filter_agency(self, queryset, name, agency):
        return queryset.of_agency(agency)

    def filter_unit(self, queryset, name, unit):
        return queryset.in_unit(unit)


class MovementModelFilterSet(ModelScopeFilterSet):
    """Filters of the models list. With no status chosen it shows the models in the list."""

    # Set when a search is ranked or found too many matches to rank: (matches up to the limit, whether capped).
    match_count: tuple[int, bool] | None = None
    too_many_to_rank = False

    q = SearchFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ModelKind.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=ModelLevel.choices)
    year_started = YearFilter(label=_("Year started"))
    recognition_year = YearFilter(label=_("Year recognised"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*ModelStatus.choices, (ALL_STATUSES, _("All statuses"))],
        empty_label=_("In the list"),
        method="filter_status",
    )
    typical = YesNoFilter(label=_("Typical"), field_name="is_typical")
    # The dashboard's figures link here with these: "in the list at the end of 2023", "removed in 2023".
    in_list_at = YearFilter(label=_("In the list at the end of year"), method="filter_in_list_at")
    removed_in = YearFilter(label=_("Removed in year"), method="filter_removed_in")
    replicates = YesNoFilter(label=_("Replicates another model"), method="filter_replicates")
    replicated = YesNoFilter(label=_("Has been replicated"), method="filter_replicated")
    o = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("code", "code"),
            ("name", "name"),
            # The agency's name and the field's position, copied onto the model for their indexes.
            ("owner_agency_name", "agency"),
            ("field_position", "field"),
            ("year_started", "year_started"),
            ("recognition_year", "recognition_year"),
            ("status", "status"),
            # How far it has spread: the number of models in the list replicating it, directly or onward. The
            # list's queryset carries it (with_spread); no index serves it.
            ("spread", "spread"),
        ),
    )

    class Meta:
        model = MovementModel
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # FilterView passes data=None for a bare /models/ (no query string), and django-filter skips
        # filter_queryset() for an unbound filterset, which listed drafts and submitted models as if
        # they were in the list. Empty data binds the form, so the "in the list" default applies too.
        super().__init__({} if data is None else data, *args, **kwargs)

    def _filter_in_list(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        # A year-bound filter says itself which models it means; otherwise, with no status chosen,
        # the list shows the models in the list today.
        if not (data.get("status") or data.get("in_list_at") or data.get("removed_in")):
            queryset = queryset.in_list()
        # A search with no sort chosen lists the best matches first (the name before the description). The rank
        # is an annotation the list's keyset pages follow like a column (core/pagination.py). Ranking computes it
        # for every match before the first row, so above SEARCH_RANK_MAX_MATCHES matches the list is ordered by
        # code and says so; the count read to decide is the list's count too (`match_count`). The API leaves out
        # the sort (`o`) and pages by its own cursor over the newest first, so it is not ranked.
        if data.get("q") and "o" in self.filters and not data.get("o"):
            limit = settings.SEARCH_RANK_MAX_MATCHES
            self.match_count = capped_count(queryset, max(limit, settings.REGISTRY_COUNT_CAP))
            self.too_many_to_rank = self.match_count[0] > limit or self.match_count[1]
            if self.too_many_to_rank:
                queryset = queryset.order_by("code", "pk")  # served by the (code, id) index
            else:
                queryset = queryset.ranked_by_search(data["q"])
        return queryset

    def filter_in_list_at(self, queryset, name, value):
        return queryset.in_list_at_end_of(int(value))

    def filter_removed_in(self, queryset, name, value):
        return queryset.removed_in(int(value))

    def filter_replicates(self, queryset, name, value):
        return queryset.filter(ModelWords.replicates_another() if value else ~ModelWords.replicates_another())

    def filter_replicated(self, queryset, name, value):
        return queryset.filter(ModelWords.has_been_replicated() if value else ~ModelWords.has_been_replicated())

    def filter_queryset(self, queryset):
        # Sorting by spread needs the figure on every row; the lists that sort by it get it here.
        if any(key.lstrip("-") == "spread" for key in self.form.cleaned_data.get("o") or ()) and (
            "spread" not in queryset.query.annotations
        ):
            queryset = queryset.with_spread()
        return self._filter_in_list(queryset)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_status(self, queryset, name, value):
        return queryset if value == ALL_STATUSES else queryset.filter(status=value)
