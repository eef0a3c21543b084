"""The columns of the meetings, directives and documents lists as spreadsheets (core.views.FilteredListView)."""

from django.utils.translation import gettext_lazy as _

from .choices import DirectiveStatus


def _agencies(agencies) -> str:
    return "; ".join(agency.name for agency in agencies)


def meeting_columns():
    return [
        (_("Title"), lambda m: m.title),
        (_("Kind"), lambda m: m.get_kind_display()),
        (_("Date"), lambda m: m.date),
        (_("Place"), lambda m: m.place),
        (_("Organisers"), lambda m: _agencies(m.organisers.all())),
        (_("Status"), lambda m: m.get_status_display()),
        (_("Directives"), lambda m: m.directive_count),
        (_("Overdue"), lambda m: m.overdue_count),
        (_("Done"), lambda m: m.done_count),
    ]


def directive_columns():
    return [
        (_("Meeting"), lambda d: d.meeting.title),
        (_("Meeting date"), lambda d: d.meeting.date),
        (_("Number"), lambda d: d.number),
        (_("Directive"), lambda d: d.text),
        (_("Lead agency"), lambda d: d.lead.agency.name if d.lead else ""),
        (_("Co-operating agencies"), lambda d: _agencies(part.agency for part in d.cooperating)),
        (_("Deadline"), lambda d: d.deadline),
        (_("Status"), lambda d: DirectiveStatus(d.status).label),
    ]


def document_columns():
    return [
        (_("Number"), lambda d: d.number),
        (_("Kind"), lambda d: d.get_kind_display()),
        (_("Title"), lambda d: d.title),
        (_("Issuing body"), lambda d: d.issuing_body),
        (_("Issued on"), lambda d: d.issued_on),
        (_("Models"), lambda d: d.model_count),
        (_("Directives"), lambda d: d.directive_count),
    ]
