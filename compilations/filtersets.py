import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import StableOrderingFilter, YesNoFilter
from core.search import SearchFilter
from models_registry.models import Field

from .models import Nomination


class NominationFilterSet(django_filters.FilterSet):
    """The nominations of a compilation: filter by field, selection and text; sort by score."""

    q = SearchFilter()
    field = django_filters.ModelChoiceFilter(label=_("Field"), queryset=Field.objects.all(), field_name="model__field")
    selected = YesNoFilter(label=_("Selected"))
    o = StableOrderingFilter(
        fields=(
            ("average_score", "score"),
            ("score_count", "scores"),
            ("model__code", "code"),
            ("model__name", "name"),
            ("model__field__order", "field"),
        ),
    )

    class Meta:
        model = Nomination
        fields = []

    def filter_search(self, queryset, name, value):
        from models_registry.models import MovementModel

        return queryset.filter(model__in=MovementModel.objects.search(value))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("o"):
            # By default the best first, as "select the highest-scoring" would take them.
            return queryset.order_by("-average_score", "-score_count", "nominated_at", "pk")
        return queryset
