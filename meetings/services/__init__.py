"""Every write to meetings, directives and reference documents goes through these functions: views, the admin,
the demo and (later) the API call them. Each checks who may do it, changes the database in one transaction,
leaves one history entry per changed row (django-simple-history, or an append-only row: MeetingAmendment,
ProgressEntry), and notifies the people concerned once the transaction commits.

- meetings.py: record, change, publish and amend a meeting;
- directives.py: give and amend directives, and follow each agency's part up;
- documents.py: the reference documents.
"""

from core.exceptions import ConcurrentEditError

from .directives import (
    WITH_DIRECTIVE_RECORD,
    assignment_confirm,
    assignment_mark_done,
    assignment_reopen,
    directive_create,
    directive_update,
    report_progress,
)
from .documents import document_create, document_update
from .meetings import (
    MEETING_FIELDS,
    AttendeeData,
    meeting_amend,
    meeting_create,
    meeting_publish,
    meeting_snapshot,
    meeting_update,
)

__all__ = [
    "MEETING_FIELDS",
    "WITH_DIRECTIVE_RECORD",
    "AttendeeData",
    "ConcurrentEditError",
    "assignment_confirm",
    "assignment_mark_done",
    "assignment_reopen",
    "directive_create",
    "directive_update",
    "document_create",
    "document_update",
    "meeting_amend",
    "meeting_create",
    "meeting_publish",
    "meeting_snapshot",
    "meeting_update",
    "report_progress",
]
