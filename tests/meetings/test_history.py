"""A directive's page shows its whole timeline: given, amended (with why), reported, confirmed, reopened."""

import datetime

import pytest

from meetings import services
from meetings.history import directive_timeline
from tests.factories import AgencyFactory, ReferenceDocumentFactory

pytestmark = pytest.mark.django_db


def test_the_timeline_tells_the_whole_story(secretary, published_meeting, alice):
    plan = ReferenceDocumentFactory(number="26-KH/TU")
    partner = AgencyFactory(name="Sở Nội vụ tỉnh Ninh Bình")
    directive = services.directive_create(
        meeting=published_meeting,
        user=secretary,
        text="Rà soát quy chế làm việc.",
        lead_agency=alice.agency,
        cooperating_agencies=[partner],
        deadline=datetime.date(2024, 9, 30),
        documents=[plan],
    )
    services.directive_update(
        directive=directive,
        user=secretary,
        reason="Lùi thời hạn.",
        text="Rà soát quy chế làm việc.",
        lead_agency=alice.agency,
        deadline=datetime.date(2024, 12, 31),
        documents=[plan],
    )
    part = directive.assignments.get(agency=alice.agency)
    services.report_progress(assignment=part, user=alice, text="Đã rà soát 30 đơn vị.", percent=50)
    services.assignment_mark_done(assignment=part, user=alice, text="Hoàn thành.")
    services.assignment_confirm(assignment=part, user=secretary)

    timeline = directive_timeline(directive)

    summaries = [entry.summary for entry in reversed(timeline)]
    assert summaries[:2] == ["Gave the directive", "Amended the directive"]
    assert [entry.entry.action for entry in reversed(timeline) if entry.entry] == ["report", "done", "confirm"]
    given = next(entry for entry in timeline if entry.summary == "Gave the directive")
    assert given.who == secretary
    assert {(change.label, change.new) for change in given.changes} >= {
        ("Deadline", "30/09/2024"),
        ("Lead agency", alice.agency.name),
        ("Co-operating agency", "Sở Nội vụ tỉnh Ninh Bình"),
        ("Documents concerned", "26-KH/TU"),
    }
    amended = next(entry for entry in timeline if entry.summary == "Amended the directive")
    assert amended.reason == "Lùi thời hạn."
    assert {(c.label, c.old, c.new) for c in amended.changes} == {
        ("Deadline", "30/09/2024", "31/12/2024"),
        ("Co-operating agency", "Sở Nội vụ tỉnh Ninh Bình", "—"),
    }
