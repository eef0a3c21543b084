"""The form of a model's content and its indicators. Writes happen in services/registry.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import Form, ModelForm, MultipleFileField, SearchableSelect, SearchableSelectMultiple

from ..choices import ReplicationKind
from ..models import AdministrativeUnit, Agency, Field, IndicatorType, ModelAttachment, MovementModel
from ..services import CONTENT_FIELDS, IndicatorData
from .units import UnitChoiceField

MAX_REPLICATED = 20
SEPARATOR = " · "


class ReplicatedModelsField(forms.CharField):
    """The models in the list that a model replicates, one a line: each line a code, or words of the name
    (with or without diacritics, core.search) that find exactly one model in the list. A line as the form shows
    a chosen model ("DVK-2021-00012 · name") is read by its code. Gives the models."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, candidates=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.candidates = candidates if candidates is not None else MovementModel.objects.none()

    def clean(self, value):
        text = super().clean(value)
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if len(lines) > MAX_REPLICATED:
            raise ValidationError(_("At most %(limit)s models, one a line."), params={"limit": MAX_REPLICATED})
        found, errors = {}, []
        for line in lines:
            code = line.split(SEPARATOR)[0].strip()
            model = self.candidates.filter(code__iexact=code).first()
            if model is None:
                matches = list(self.candidates.search(line).order_by("code")[:6])
                if len(matches) == 1:
                    model = matches[0]
                elif not matches:
                    errors.append(_("No model in the list matches “%(text)s”.") % {"text": line})
                else:
                    errors.append(
                        _("“%(text)s” matches several models (%(codes)s…): write the code of the one it replicates.")
                        % {"text": line, "codes": ", ".join(m.code for m in matches[:5])}
                    )
            if model is not None:
                found[model.pk] = model
        if errors:
            raise ValidationError(errors)
        return list(found.values())


def replicated_lines(models) -> str:
    return "\n".join(f"{model.code}{SEPARATOR}{model.name}" for model in models)


class MovementModelForm(ModelForm):
    """The fields an agency fills in about its model. The status and code are not the form's business."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_attachments = MultipleFileField(
        label=_("Attach evidence files"),
        help_text=_("PDF, images or Office documents; several files at once are fine."),
    )
    replicates = ReplicatedModelsField(
        label=_("Models it replicates"),
        help_text=_(
            "If this model takes up models already in the list: one a line, each its code or words of its name "
            "(diacritics optional). Leave empty if it replicates none."
        ),
    )
    replication_kind = forms.ChoiceField(
        label=_("How it replicates them"),
        help_text=_(
            "For the models added to the list. Those already listed keep how each was recorded, unless you change "
            "this choice: then it applies to all of them."
        ),
        choices=ReplicationKind.choices,
        initial=ReplicationKind.ADOPTED,
        widget=forms.RadioSelect,
        required=False,
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
        # The models it may replicate: those in the list the user may read, other than itself.
        candidates = MovementModel.objects.visible_to(user).in_list()
        if self.instance.pk:
            links = list(self.instance.replication_sources.select_related("source").order_by("source__code"))
            # A model it already replicates stays choosable if it has left the list since.
            candidates = (candidates | MovementModel.objects.filter(pk__in=[link.source_id for link in links])).exclude(
                pk=self.instance.pk
            )
            self.fields["replicates"].initial = replicated_lines(link.source for link in links)
            if links:
                self.fields["replication_kind"].initial = links[0].kind
        self.fields["replicates"].candidates = candidates
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

    def replication_data(self) -> dict:
        """What the services take about the models it replicates."""
        return {
            "replicates": self.cleaned_data["replicates"],
            "replication_kind": self.cleaned_data.get("replication_kind") or ReplicationKind.ADOPTED,
        }

    def replication_update_data(self) -> dict:
        """The same for a change: the links it keeps take the form's "how" only if the person changed it (a
        reviewer may have set each link's own on the model's page)."""
        return {**self.replication_data(), "relabel_kept_links": "replication_kind" in self.changed_data}


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


class ReplicationLinkForm(Form):
    """The model page's small form: one more model that this one replicates, and how."""

    source = forms.CharField(
        label=_("Model it replicates"),
        max_length=400,
        help_text=_("Its code, or words of its name (diacritics optional) that find only that model in the list."),
    )
    kind = forms.ChoiceField(label=_("How"), choices=ReplicationKind.choices, initial=ReplicationKind.ADOPTED)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, user, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.finder = ReplicatedModelsField(
            candidates=MovementModel.objects.visible_to(user).in_list().exclude(pk=model.pk)
        )

    def clean_source(self):
        found = self.finder.clean(self.cleaned_data["source"].replace("\n", " "))
        if not found:
            raise ValidationError(_("Say which model it replicates."))
        return found[0]


class ReplicationKindForm(Form):
    kind = forms.ChoiceField(label=_("How"), choices=ReplicationKind.choices)
