"""Input validation only: the rules (capacity, only models in the list, who may score what) are in services.py,
and the views show their refusals on these forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import Form, ModelForm
from core.search import SearchField
from models_registry.models import MovementModel

from .choices import CRITERIA, SCORE_MAX, SCORE_MIN
from .models import WRITE_UP_MAX_LENGTH, Compilation
from .services import validate_photo


class CompilationForm(ModelForm):
    class Meta:
        model = Compilation
        fields = ["title", "first_year", "last_year", "capacity"]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The last year cannot be before the first year."))
        return cleaned


class NominationSearchForm(Form):
    """The nominate page's search for a model by code or name (bounded like every search box)."""

    q = SearchField(label=_("Find a model by code or name"))


class NominationForm(Form):
    code = forms.CharField(
        label=_("Model code"), max_length=20, help_text=_("The code of a model in the list, e.g. DVK-2023-00012.")
    )
    reason = forms.CharField(label=_("Why it is nominated"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        model = MovementModel.objects.visible_to(self.user).filter(code=code).first()
        if model is None:
            raise ValidationError(_("No model you can see has the code %(code)s."), params={"code": code})
        return model


class ScoreForm(Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CRITERIA:
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
                help_text=_("From %(low)s to %(high)s.") % {"low": SCORE_MIN, "high": SCORE_MAX},
            )
        self.order_fields([name for name, _label in CRITERIA] + ["comment"])

    def marks(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _label in CRITERIA}


class WriteUpForm(Form):
    write_up = forms.CharField(
        label=_("Write-up"),
        max_length=WRITE_UP_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("A short presentation of the model for the booklet: plain text, at most %(n)s characters.")
        % {"n": WRITE_UP_MAX_LENGTH},
    )
    photo = forms.FileField(
        label=_("Photo"), required=False, help_text=_("A JPEG or PNG photo; leave empty to keep the current one.")
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_photo(photo)
        return photo or None
