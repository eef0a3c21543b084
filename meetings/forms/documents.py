"""The form of a reference document. Writes happen in services/documents.py."""


from core.forms import DatePicker, ModelForm
from models_registry.models import MovementModel

from ..models import ReferenceDocument
from .fields import ModelCodesField, model_codes


class ReferenceDocumentForm(ModelForm):
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
