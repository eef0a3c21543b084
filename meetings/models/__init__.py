from .directives import (
    Directive,
    DirectiveAssignment,
    ProgressAttachment,
    ProgressEntry,
    directive_status,
)
from .documents import ReferenceDocument
from .meetings import Attendance, Meeting, MeetingAmendment, MeetingAttachment

__all__ = [
    "Attendance",
    "Directive",
    "DirectiveAssignment",
    "Meeting",
    "MeetingAmendment",
    "MeetingAttachment",
    "ProgressAttachment",
    "ProgressEntry",
    "ReferenceDocument",
    "directive_status",
]
