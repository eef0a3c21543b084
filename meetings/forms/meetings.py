"""The forms of a meeting: its record, its amendment and its attendees. Writes happen in services/meetings.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DatePicker,
    Form,
    ModelForm,
    MultipleFileField,
    SearchableSelect,
    SearchableSelectMultiple,
    TimePicker,
)
from models_registry.models import Agency

from ..choices import AttendanceRole
from ..models import Meeting, MeetingAttachment
from ..services import AttendeeData
from .fields import agency_choices


class MeetingForm(ModelForm):
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
            "organisers": SearchableSelectMultiple(attrs={"size": 6}),
            "date": DatePicker(),
            "start_time": TimePicker(),
            "end_time": TimePicker(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 16}),
        }
        error_messages = {"organisers": {"required": _("Choose at least one organising body.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        selected = list(self.instance.organisers.all()) if self.instance.pk else []
        self.fields["organisers"].queryset = agency_choices(selected)
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


class AttendanceForm(Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, error_messages={"required": _("Give the attendee's full name.")}
    )
    title = forms.CharField(label=_("Title at the time"), max_length=500, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency (from the list)"),
        queryset=Agency.objects.none(),
        required=False,
        widget=SearchableSelect(),
    )
    agency_name = forms.CharField(
        label=_("Or its name that day"),
        max_length=255,
        required=False,
        help_text=_(
            "Only when the agency is not in the list or was called differently that day; "
            "leave empty to use the chosen agency's name."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=AttendanceRole.choices, initial=AttendanceRole.ATTENDEE)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        # One evaluated queryset for every row, so the choices are fetched once per formset.
        self.fields["agency"].queryset = agencies


class BaseAttendanceFormSet(forms.BaseFormSet):
    def __init__(self, *args, selected_agencies=(), **kwargs):
        agencies = agency_choices(selected_agencies)
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
