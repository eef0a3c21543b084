"""Input validation for meetings, directives, progress reports and reference documents. Writes happen in
services.py, which checks the same rules again for callers that are not forms."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import DatePicker, MultipleFileField
from models_registry.models import Agency, MovementModel

from .choices import AttendanceRole
from .models import Meeting, MeetingAttachment, ReferenceDocument
from .services import AttendeeData


def time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _agencies(selected=()):
    """Active agencies, plus any inactive one already chosen (a record keeps what it had)."""
    return Agency.objects.filter(Q(is_active=True) | Q(pk__in=[a.pk for a in selected]))


class ModelCodesField(forms.CharField):
    """Models named by their codes (DVK-2023-00012, ...): a list of thousands would not fit a select."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Models concerned"))
        kwargs.setdefault("help_text", _("Codes of the models, separated by commas, e.g. DVK-2023-00012."))
        super().__init__(*args, **kwargs)
        self.queryset = MovementModel.objects.none()

    def clean(self, value):
        value = super().clean(value)
        codes = list(dict.fromkeys(code.upper() for code in re.split(r"[\s,;]+", value or "") if code))
        if not codes:
            return []
        found = {model.code: model for model in self.queryset.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise ValidationError(
                _("No model you can see has the code %(codes)s."), params={"codes": ", ".join(missing)}
            )
        return [found[code] for code in codes]


def model_codes(models) -> str:
    return ", ".join(model.code for model in models)


# Meetings --------------------------------------------------------------------------------------


class MeetingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_attachments = MultipleFileField(
        label=_("Attach files"),
        help_text=_("The signed minutes, reports, slides: PDF, images or Office documents."),
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"),
        queryset=MeetingAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = ["title", "kind", "organisers", "date", "start_time", "end_time", "place", "agenda", "minutes"]
        widgets = {
            "organisers": forms.SelectMultiple(attrs={"size": 6}),
            "date": DatePicker(),
            "start_time": time_input(),
            "end_time": time_input(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 16}),
        }
        error_messages = {"organisers": {"required": _("Choose at least one organising body.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        selected = list(self.instance.organisers.all()) if self.instance.pk else []
        self.fields["organisers"].queryset = _agencies(selected)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["remove_attachments"].queryset = self.instance.attachments.filter(removed_at__isnull=True)
        else:
            del self.fields["remove_attachments"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", _("The meeting cannot end before it starts."))
        return cleaned

    def meeting_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "organisers"}


class MeetingAmendForm(MeetingForm):
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        help_text=_("Kept with the earlier version, which stays readable."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the published record is amended.")},
    )


class AttendanceForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, error_messages={"required": _("Give the attendee's full name.")}
    )
    title = forms.CharField(label=_("Title at the time"), max_length=500, required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), required=False)
    agency_name = forms.CharField(
        label=_("Agency at the time"),
        max_length=255,
        required=False,
        help_text=_("Leave empty to use the chosen agency's name."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=AttendanceRole.choices, initial=AttendanceRole.ATTENDEE)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        # One evaluated queryset for every row, so the choices are fetched once per formset.
        self.fields["agency"].queryset = agencies


class BaseAttendanceFormSet(forms.BaseFormSet):
    def __init__(self, *args, selected_agencies=(), **kwargs):
        agencies = _agencies(selected_agencies)
        agencies._result_cache = list(agencies)
        kwargs.setdefault("form_kwargs", {})["agencies"] = agencies
        super().__init__(*args, **kwargs)

    def _filled_forms(self):
        return [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]

    def clean(self):
        if any(self.errors):
            return
        chairs = sum(1 for form in self._filled_forms() if form.cleaned_data["role"] == AttendanceRole.CHAIR)
        if chairs != 1:
            raise ValidationError(_("Mark exactly one attendee as the chair."))

    def attendee_data(self) -> list[AttendeeData]:
        return [
            AttendeeData(
                full_name=form.cleaned_data["full_name"],
                title=form.cleaned_data["title"],
                agency=form.cleaned_data["agency"],
                agency_name=form.cleaned_data["agency_name"],
                role=form.cleaned_data["role"],
            )
            for form in self._filled_forms()
        ]


def attendance_formset(data=None, *, meeting: Meeting | None = None):
    """The attendee rows: the meeting's attendees, then empty rows (saving gives more)."""
    initial = []
    if meeting is not None:
        initial = [
            {
                "full_name": a.full_name,
                "title": a.title,
                "agency": a.agency_id,
                "agency_name": a.agency_name,
                "role": a.role,
            }
            for a in meeting.attendances.order_by("order", "pk")
        ]
    formset_class = forms.formset_factory(
        AttendanceForm,
        formset=BaseAttendanceFormSet,
        extra=3 if initial else 6,
        can_delete=True,
        max_num=300,
        validate_max=True,
    )
    selected = [a.agency for a in meeting.attendances.select_related("agency") if a.agency] if meeting else []
    return formset_class(data, initial=initial, prefix="attendees", selected_agencies=selected)


# Directives ------------------------------------------------------------------------------------


class DirectiveForm(forms.Form):
    text = forms.CharField(
        label=_("Directive"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the directive.")},
    )
    lead_agency = forms.ModelChoiceField(
        label=_("Lead agency"),
        queryset=Agency.objects.none(),
        error_messages={"required": _("Choose the lead agency.")},
    )
    cooperating_agencies = forms.ModelMultipleChoiceField(
        label=_("Co-operating agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Each assigned agency reports on its own part; the directive is done when every part is."),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DatePicker())
    is_ongoing = forms.BooleanField(label=_("Regular/ongoing (no deadline)"), required=False)
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents concerned"),
        queryset=ReferenceDocument.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    registry_models = ModelCodesField()

    def __init__(self, *args, meeting: Meeting, user, directive=None, **kwargs):
        if directive is not None:
            lead = directive.lead
            kwargs.setdefault(
                "initial",
                {
                    "text": directive.text,
                    "lead_agency": lead.agency_id if lead else None,
                    "cooperating_agencies": [part.agency_id for part in directive.cooperating],
                    "deadline": directive.deadline,
                    "is_ongoing": directive.is_ongoing,
                    "documents": [document.pk for document in directive.documents.all()],
                    "registry_models": model_codes(directive.registry_models.all()),
                },
            )
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        assigned = [part.agency for part in directive.assignments.all()] if directive else []
        agencies = _agencies(assigned)
        self.fields["lead_agency"].queryset = agencies
        self.fields["cooperating_agencies"].queryset = agencies
        self.fields["registry_models"].queryset = MovementModel.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        deadline, ongoing = cleaned.get("deadline"), cleaned.get("is_ongoing")
        if ongoing and deadline:
            self.add_error("deadline", _("A regular/ongoing directive has no deadline: clear one of the two."))
        elif not ongoing and not deadline and "deadline" not in self.errors:
            self.add_error("deadline", _("Give a deadline, or mark the directive as regular/ongoing."))
        elif deadline and deadline < self.meeting.date:
            self.add_error(
                "deadline",
                _("The deadline cannot be before the meeting (%(date)s).")
                % {"date": self.meeting.date.strftime("%d/%m/%Y")},
            )
        lead = cleaned.get("lead_agency")
        if lead and lead in (cleaned.get("cooperating_agencies") or []):
            self.add_error("cooperating_agencies", _("The lead agency cannot also be a co-operating agency."))
        return cleaned

    def directive_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "reason"}


class DirectiveAmendForm(DirectiveForm):
    reason = forms.CharField(label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if self.meeting.is_published and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the directive is amended."))
        return cleaned


class ProgressReportForm(forms.Form):
    text = forms.CharField(
        label=_("What has been done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say what has been done.")},
    )
    percent = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100, required=False)
    milestone = forms.CharField(
        label=_("Milestone reached"),
        max_length=255,
        required=False,
        help_text=_("e.g. “Plan issued”, “Training held in 8 districts”."),
    )
    attachments = MultipleFileField(label=_("Attach evidence files"))
    mark_done = forms.BooleanField(
        label=_("Our part of this directive is done"),
        required=False,
        help_text=_("The secretary then confirms it, or reopens it with a comment."),
    )


class ConfirmForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label=_("What remains to be done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the part is reopened.")},
    )


# Reference documents ---------------------------------------------------------------------------


class ReferenceDocumentForm(forms.ModelForm):
    registry_models = ModelCodesField()

    class Meta:
        model = ReferenceDocument
        fields = ["kind", "number", "title", "issuing_body", "issued_on"]
        widgets = {"issued_on": DatePicker()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry_models"].queryset = MovementModel.objects.visible_to(user)
        if self.instance.pk:
            self.fields["registry_models"].initial = model_codes(self.instance.registry_models.all())

    def document_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
