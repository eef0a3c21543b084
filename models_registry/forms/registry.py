"""The form of a model's content and its indicators. Writes happen in services/registry.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import Form, ModelForm, MultipleFileField, SearchableSelect, SearchableSelectMultiple

from ..models import AdministrativeUnit, Agency, Field, IndicatorType, ModelAttachment, MovementModel
from ..services import CONTENT_FIELDS, IndicatorData
from .units import UnitChoiceField


class MovementModelForm(ModelForm):
    """The fields an agency fills in about its model. The status and code are not the form's business."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_attachments = MultipleFileField(
        label=_("Attach evidence files"),
        help_text=_("PDF, images or Office documents; several files at once are fine."),
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"),
        queryset=ModelAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MovementModel
        # CONTENT_FIELDS plus the co-operating agencies: the workflow's fields (recognition, removal, the
        # typical mark) are set by its steps, never by this form.
        fields = [
            "name",
            "kind",
            "owner_agency",
            "cooperating_agencies",
            "registered_unit",
            "field",
            "level",
            "year_started",
            "description",
            "approach",
            "results",
        ]
        field_classes = {"registered_unit": UnitChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "approach": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "owner_agency": SearchableSelect(),
            "registered_unit": SearchableSelect(),
            "cooperating_agencies": SearchableSelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owned = Agency.objects.active()
        owned = owned.subtree_of(user.agency_id) if user.agency_id else owned.none()
        self.fields["owner_agency"].queryset = owned
        if self.instance.pk is None and user.agency_id:
            self.fields["owner_agency"].initial = user.agency_id
        self.fields["cooperating_agencies"].queryset = Agency.objects.active()
        self.fields["registered_unit"].queryset = AdministrativeUnit.objects.select_related("parent").order_by(
            "valid_to", "level", "name", "pk"
        )
        self.fields["field"].queryset = Field.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["remove_attachments"].queryset = self.instance.attachments.filter(removed_at__isnull=True)
        else:
            del self.fields["remove_attachments"]

    def clean_year_started(self):
        year = self.cleaned_data["year_started"]
        if year and year > timezone.localdate().year:
            raise ValidationError(_("The year started cannot be in the future."))
        return year

    def clean(self):
        cleaned = super().clean()
        owner = cleaned.get("owner_agency")
        if owner and owner in (cleaned.get("cooperating_agencies") or []):
            self.add_error("cooperating_agencies", _("The owning agency cannot also be a co-operating agency."))
        return cleaned

    def model_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}


class IndicatorForm(Form):
    indicator_type = forms.ModelChoiceField(label=_("Indicator"), queryset=IndicatorType.objects.none())
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=18, decimal_places=2)
    year = forms.IntegerField(label=_("Year"), min_value=1990)

    def __init__(self, *args, indicator_types, **kwargs):
        super().__init__(*args, **kwargs)
        # One queryset object for every row, so the choices are fetched once per formset.
        self.fields["indicator_type"].queryset = indicator_types

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise ValidationError(_("Results cannot be recorded for a future year."))
        return year


class BaseIndicatorFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        indicator_types = IndicatorType.objects.filter(is_active=True)
        # Evaluate once: every row's <select> then reuses these rows instead of querying again.
        indicator_types._result_cache = list(indicator_types)
        kwargs.setdefault("form_kwargs", {})["indicator_types"] = indicator_types
        super().__init__(*args, **kwargs)

    def clean(self):
        # A row with errors of its own (a future year, an unknown indicator) lacks the keys compared
        # below and would raise KeyError (a 500); its own errors are shown instead, as Django's docs do.
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            key = (form.cleaned_data["indicator_type"].pk, form.cleaned_data["year"])
            if key in seen:
                raise ValidationError(_("Each indicator can be recorded only once per year."))
            seen.add(key)

    def indicator_data(self) -> list[IndicatorData]:
        return [
            IndicatorData(
                indicator_type=form.cleaned_data["indicator_type"],
                value=form.cleaned_data["value"],
                year=form.cleaned_data["year"],
            )
            for form in self.forms
            # Blank extra rows have no cleaned_data; unchanged existing rows do, and are kept.
            if form.cleaned_data and not self._should_delete_form(form)
        ]


IndicatorFormSet = forms.formset_factory(
    IndicatorForm, formset=BaseIndicatorFormSet, extra=3, can_delete=True, max_num=50, validate_max=True
)


def indicator_initial(model: MovementModel) -> list[dict]:
    return [
        {"indicator_type": i.indicator_type_id, "value": i.value, "year": i.year}
        for i in model.indicators.all()
    ]
