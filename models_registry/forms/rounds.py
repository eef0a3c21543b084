"""The form that opens a review round. Rounds are run by services/rounds.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import Form, ModelForm, SearchableSelectMultiple

from ..models import AdministrativeUnit, Agency, MovementModel, ReviewRound


class ReviewRoundForm(ModelForm):
    class Meta:
        model = ReviewRound
        fields = ["year", "title", "agencies", "units"]
        field_classes = {"units": forms.ModelMultipleChoiceField}
        widgets = {
            "agencies": SearchableSelectMultiple(),
            "units": SearchableSelectMultiple(),
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


class RoundConfirmForm(Form):
    """The models ticked on a round's page to mark effective, among those the reviewer may see."""

    models = forms.ModelMultipleChoiceField(queryset=MovementModel.objects.none())

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["models"].queryset = queryset
        self.fields["models"].error_messages["required"] = _("Tick at least one model.")


class FlagRoundForm(Form):
    """`?round=` on the flag page: an open review round the flag belongs to, or none."""

    round = forms.ModelChoiceField(queryset=ReviewRound.objects.filter(closed_at__isnull=True), required=False)
