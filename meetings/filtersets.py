import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.choices import CachedChoicesMixin
from core.filters import FormClassPerClassMixin, StableOrderingFilter, YesNoFilter
from core.forms import DatePicker, SearchableSelect
from core.params import YearFilter
from core.search import SearchFilter
from models_registry.models import Agency

from .choices import DirectiveStatus, DocumentKind, MeetingKind, MeetingStatus
from .models import Directive, Meeting, ReferenceDocument


def _visible_meetings(request):
    if request is None:
        return Meeting.objects.none()
    return Meeting.objects.visible_to(request.user).order_by("-date", "-pk")


class MeetingFilterSet(FormClassPerClassMixin, CachedChoicesMixin, django_filters.FilterSet):
    cached_choices = ("organiser",)  # every agency: read and rendered once per change (core/choices.py)
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MeetingKind.choices)
    organiser = django_filters.ModelChoiceFilter(
        label=_("Organising body"), queryset=Agency.objects.all(), field_name="organisers", widget=SearchableSelect
    )
    year = YearFilter(label=_("Year"), field_name="date", lookup_expr="year")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MeetingStatus.choices)

    class Meta:
        model = Meeting
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_queryset(self, queryset):
        # Ordered here, after the filters: the organiser filter joins, so the rows must stay distinct.
        return super().filter_queryset(queryset).distinct().order_by("-date", "-pk")


# The most urgent first: the nearest deadline, regular/ongoing directives last. The list view orders by it
# too, since an unbound filterset (no query string) does not filter at all.
DIRECTIVES_DEFAULT_ORDER = (F("deadline").asc(nulls_last=True), "-meeting__date", "number", "pk")


class DirectiveFilterSet(FormClassPerClassMixin, CachedChoicesMixin, django_filters.FilterSet):
    """The filters of /directives/. The status is the derived one (Directive.objects.with_status)."""

    # Every agency, and the meetings this reader may see (cached per visibility): read and rendered once per
    # change (core/choices.py). With every drop-down cached, so is the whole sidebar.
    cached_choices = ("meeting", "agency")

    q = SearchFilter()
    meeting = django_filters.ModelChoiceFilter(label=_("Meeting"), queryset=_visible_meetings)
    agency = django_filters.ModelChoiceFilter(
        label=_("Assigned agency (with the agencies under it)"),
        queryset=Agency.objects.all(),
        method="filter_agency",
        widget=SearchableSelect,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DirectiveStatus.choices, method="filter_status")
    awaiting_confirmation = YesNoFilter(
        label=_("A part awaits the secretary's confirmation"), method="filter_awaiting"
    )
    deadline_after = django_filters.DateFilter(
        label=_("Deadline from"), field_name="deadline", lookup_expr="gte", widget=DatePicker()
    )
    deadline_before = django_filters.DateFilter(
        label=_("Deadline until"), field_name="deadline", lookup_expr="lte", widget=DatePicker()
    )
    o = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("deadline", "deadline"), ("meeting__date", "meeting"), ("current_status", "status")),
    )

    class Meta:
        model = Directive
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_agency(self, queryset, name, agency):
        return queryset.assigned_to(agency)

    def filter_awaiting(self, queryset, name, value):
        awaiting = Directive.objects.awaiting_confirmation().values("pk")
        return queryset.filter(pk__in=awaiting) if value else queryset.exclude(pk__in=awaiting)

    def filter_status(self, queryset, name, value):
        return queryset.filter(current_status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset if self.form.cleaned_data.get("o") else queryset.order_by(*DIRECTIVES_DEFAULT_ORDER)


class ReferenceDocumentFilterSet(FormClassPerClassMixin, django_filters.FilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DocumentKind.choices)

    class Meta:
        model = ReferenceDocument
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
