"""The upload of a spreadsheet to import: bounded in size and type before anything reads it."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import Form

from ..imports.reading import FileRefused, check_name


class ImportUploadForm(Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("An Excel workbook (.xlsx) or a CSV file (.csv), at most %(limit)s.") % {
            "limit": filesizeformat(settings.IMPORT_MAX_SIZE)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(limit)s can be imported."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_SIZE)},
            )
        try:
            check_name(upload.name)
        except FileRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return upload
