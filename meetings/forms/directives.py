"""The forms of a directive and of its follow-up. Writes happen in services/directives.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatePicker, Form, MultipleFileField, SearchableSelect, SearchableSelectMultiple
from models_registry.models import Agency, MovementModel

from ..models import Meeting, ReferenceDocument
from .fields import ModelCodesField, agency_choices, model_codes


class DirectiveForm(Form):
    text = forms.CharField(
        label=_("Directive"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the directive.")},
    )
    lead_agency = forms.ModelChoiceField(
        label=_("Lead agency"),
        queryset=Agency.objects.none(),
        widget=SearchableSelect(),
        error_messages={"required": _("Choose the lead agency.")},
    )
    cooperating_agencies = forms.ModelMultipleChoiceField(
        label=_("Co-operating agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=SearchableSelectMultiple(),
        help_text=_("Each assigned agency reports on its own part; the directive is done when every part is."),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DatePicker())
    is_ongoing = forms.BooleanField(label=_("Regular/ongoing (no deadline)"), required=False)
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents concerned"),
        queryset=ReferenceDocument.objects.all(),
        required=False,
        widget=SearchableSelectMultiple(attrs={"size": 5}),
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
        agencies = agency_choices(assigned)
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


class ProgressReportForm(Form):
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


class ConfirmForm(Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(Form):
    comment = forms.CharField(
        label=_("What remains to be done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the part is reopened.")},
    )
