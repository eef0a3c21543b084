"""Input validation for the registry's web forms. Writes happen in services.py."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DatePicker, MultipleFileField

from .choices import FlagReason
from .models import (
    AdministrativeUnit,
    Agency,
    Field,
    IndicatorType,
    ModelAttachment,
    MovementModel,
    ReviewRound,
)
from .services import IndicatorData


class _UnitGroups(forms.models.ModelChoiceIterator):
    """Several hundred units, grouped as a reader looks for one: today's units first, then the units that
    ended (in the 2025 reorganisation) under the district they belonged to, latest first."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[tuple, list] = {}
        for unit in self.queryset:
            if unit.valid_to is None:
                key = (0, 0, "", "")
            else:
                district = unit.parent.name if unit.parent_id and unit.level == "commune" else ""
                key = (1, -unit.valid_to.toordinal(), district, unit.valid_to.strftime("%d/%m/%Y"))
            groups.setdefault(key, []).append(self.choice(unit))
        for key in sorted(groups):
            yield self._group_label(key), groups[key]

    @staticmethod
    def _group_label(key) -> str:
        ended, _order, district, date = key
        if not ended:
            return str(_("Units of today"))
        if district:
            return str(_("%(district)s, until %(date)s") % {"district": district, "date": date})
        return str(_("Until %(date)s") % {"date": date})


class UnitChoiceField(forms.ModelChoiceField):
    iterator = _UnitGroups

    def label_from_instance(self, unit):
        label = f"{unit.name} – {unit.parent.name}" if unit.parent_id and unit.level == "commune" else unit.name
        if unit.valid_to:
            label += " " + str(_("(until %(date)s)") % {"date": unit.valid_to.strftime("%d/%m/%Y")})
        return label


class MovementModelForm(forms.ModelForm):
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
        fields = [
            "name",
            "kind",
            "owner_agency",
            "cooperating_agencies",
            "registered_unit",
            "field",
            "level",
            "year_started",
            "recognition_year",
            "recognition_decision",
            "recognising_body",
            "is_typical",
            "description",
            "approach",
            "results",
        ]
        field_classes = {"registered_unit": UnitChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "approach": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "cooperating_agencies": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owned = Agency.objects.active()
        if not user.is_superuser:
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

    def clean_recognition_year(self):
        year = self.cleaned_data.get("recognition_year")
        if year and year > timezone.localdate().year:
            raise ValidationError(_("The year recognised cannot be in the future."))
        return year

    def clean(self):
        cleaned = super().clean()
        started, recognised = cleaned.get("year_started"), cleaned.get("recognition_year")
        if started and recognised and recognised < started:
            self.add_error("recognition_year", _("A model cannot be recognised before the year it started."))
        if cleaned.get("recognition_decision") and not recognised:
            self.add_error("recognition_year", _("Give the year of the recognition decision."))
        owner = cleaned.get("owner_agency")
        if owner and owner in (cleaned.get("cooperating_agencies") or []):
            self.add_error("cooperating_agencies", _("The owning agency cannot also be a co-operating agency."))
        return cleaned

    def model_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "cooperating_agencies"
        }


class IndicatorForm(forms.Form):
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


# The review workflow's forms ----------------------------------------------------------------------


class RecogniseForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=DatePicker())
    recognising_body = forms.CharField(
        label=_("Recognising body"),
        max_length=255,
        initial="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_decision_date(self):
        date = self.cleaned_data["decision_date"]
        if date > timezone.localdate():
            raise ValidationError(_("The decision date cannot be in the future."))
        return date


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What the agency should revise"), widget=forms.Textarea(attrs={"rows": 5})
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=FlagReason.choices)
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 5}))
    deadline = forms.DateField(
        label=_("The agency answers by"), widget=DatePicker()
    )
    evidence = MultipleFileField(label=_("Evidence files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + timedelta(days=settings.REVIEW_ANSWER_DAYS)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(_("The deadline for the answer cannot be in the past."))
        return deadline


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        help_text=_("Is the model still working? What has it achieved since it was recognised?"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    improvement_plan = forms.CharField(
        label=_("Improvement plan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=_("Attach evidence files"))


class DecideForm(forms.Form):
    KEEP, REMOVE = "keep", "remove"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(KEEP, _("Keep the model in the list")), (REMOVE, _("Remove the model from the list"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=100, required=False, help_text=_("Required to remove a model.")
    )
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, widget=DatePicker()
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REMOVE:
            if not cleaned.get("decision_number"):
                self.add_error("decision_number", _("Give the number of the decision that removes the model."))
            if not cleaned.get("decision_date"):
                self.add_error("decision_date", _("Give the date of the decision that removes the model."))
        date = cleaned.get("decision_date")
        if date and date > timezone.localdate():
            self.add_error("decision_date", _("The decision date cannot be in the future."))
        return cleaned


class RestoreForm(forms.Form):
    comment = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=DatePicker())


class BulkActionForm(forms.Form):
    """Flag or keep the models ticked on a filtered list."""

    FLAG, KEEP = "flag", "keep"
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(FLAG, _("Flag the selected models")), (KEEP, _("Keep the selected flagged models"))],
    )
    models = forms.ModelMultipleChoiceField(queryset=MovementModel.objects.none(), widget=forms.MultipleHiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=FlagReason.choices, required=False)
    explanation = forms.CharField(
        label=_("Explanation / reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        label=_("The agency answers by"), required=False, widget=DatePicker()
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["models"].queryset = queryset
        self.fields["models"].error_messages["required"] = _("Tick at least one model.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("explanation"):
            self.add_error("explanation", _("Say why."))
        if cleaned.get("action") == self.FLAG:
            if not cleaned.get("reason"):
                self.add_error("reason", _("Choose a reason."))
            deadline = cleaned.get("deadline")
            if not deadline:
                self.add_error("deadline", _("Give a deadline for the answer."))
            elif deadline < timezone.localdate():
                self.add_error("deadline", _("The deadline for the answer cannot be in the past."))
        return cleaned


class ReviewRoundForm(forms.ModelForm):
    class Meta:
        model = ReviewRound
        fields = ["year", "title", "agencies", "units"]
        field_classes = {"units": forms.ModelMultipleChoiceField}
        widgets = {
            "agencies": forms.SelectMultiple(attrs={"size": 8}),
            "units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["agencies"].queryset = Agency.objects.active()
        self.fields["units"].queryset = AdministrativeUnit.objects.filter(level__in=["province", "district"])
        self.fields["agencies"].help_text = _("Leave agencies and units empty to review the whole province.")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise ValidationError(_("A review round cannot be for a future year."))
        return year
