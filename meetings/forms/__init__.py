"""Input validation for meetings, directives, progress reports and reference documents. Writes happen in
services/, which checks the same rules again for callers that are not forms."""

from .directives import ConfirmForm, DirectiveAmendForm, DirectiveForm, ProgressReportForm, ReopenForm
from .documents import ReferenceDocumentForm
from .fields import ModelCodesField, model_codes
from .meetings import AttendanceForm, MeetingAmendForm, MeetingForm, attendance_formset

__all__ = [
    "AttendanceForm",
    "ConfirmForm",
    "DirectiveAmendForm",
    "DirectiveForm",
    "MeetingAmendForm",
    "MeetingForm",
    "ModelCodesField",
    "ProgressReportForm",
    "ReferenceDocumentForm",
    "ReopenForm",
    "attendance_formset",
    "model_codes",
]
