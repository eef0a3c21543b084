"""The forms of the review workflow's steps. The moves happen in services/workflow.py."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DatePicker, Form, MultipleFileField

from ..choices import FlagReason
from ..models import MovementModel


class RecogniseForm(Form):
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


class ReturnForm(Form):
    comment = forms.CharField(
        label=_("What the agency should revise"), widget=forms.Textarea(attrs={"rows": 5})
    )


class FlagForm(Form):
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


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("Your answer"),
        help_text=_("Is the model still working? What has it achieved since it was recognised?"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    improvement_plan = forms.CharField(
        label=_("Improvement plan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=_("Attach evidence files"))


class DecideForm(Form):
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


class RestoreForm(Form):
    comment = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=DatePicker())


class BulkActionForm(Form):
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
