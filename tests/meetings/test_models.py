import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings.choices import AssignmentRole, AttendanceRole
from meetings.models import Directive, DirectiveAssignment, Meeting, ReferenceDocument
from tests.factories import (
    AttendanceFactory,
    DirectiveAssignmentFactory,
    DirectiveFactory,
    MeetingFactory,
    ReferenceDocumentFactory,
)

pytestmark = pytest.mark.django_db


def test_drafts_are_read_by_the_secretariat_and_the_leaders(secretary, leader, alice, reviewer, nobody, administrator):
    draft, published = MeetingFactory(), MeetingFactory(published=True)

    assert set(Meeting.objects.visible_to(secretary)) == {draft, published}
    assert set(Meeting.objects.visible_to(administrator)) == {draft, published}
    assert set(Meeting.objects.visible_to(leader)) == {draft, published}
    assert set(Meeting.objects.visible_to(alice)) == {published}
    assert set(Meeting.objects.visible_to(reviewer)) == {published}
    assert not Meeting.objects.visible_to(nobody).exists()


def test_directives_follow_their_meetings_visibility(secretary, leader, alice, nobody):
    hidden, shown = DirectiveFactory(meeting=MeetingFactory()), DirectiveFactory()

    assert set(Directive.objects.visible_to(secretary)) == {hidden, shown}
    assert set(Directive.objects.visible_to(leader)) == {hidden, shown}
    assert list(Directive.objects.visible_to(alice)) == [shown]
    assert not Directive.objects.visible_to(nobody).exists()


def test_officials_report_on_their_agency_and_those_under_it(alice, bob, leader, agency, sub_agency):
    own, below, other = DirectiveFactory(lead=agency), DirectiveFactory(lead=sub_agency), DirectiveFactory()

    assert set(DirectiveAssignment.objects.reportable_by(alice)) == {own.lead, below.lead}
    assert not DirectiveAssignment.objects.reportable_by(bob).filter(directive__in=[own, below, other]).exists()
    assert not DirectiveAssignment.objects.reportable_by(leader).exists()


def test_the_chair_is_one_of_the_attendees():
    meeting = MeetingFactory(chair="Mai Văn Tuất")
    AttendanceFactory(meeting=meeting, full_name="Đỗ Việt Anh")

    assert meeting.chair.full_name == "Mai Văn Tuất"


def test_a_meeting_has_one_chair():
    meeting = MeetingFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(meeting=meeting, role=AttendanceRole.CHAIR)


def test_a_directive_has_one_lead():
    directive = DirectiveFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        DirectiveAssignmentFactory(directive=directive, role=AssignmentRole.LEAD)


def test_an_agency_is_assigned_once_per_directive():
    directive = DirectiveFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        DirectiveAssignmentFactory(directive=directive, agency=directive.lead.agency)


@pytest.mark.parametrize("deadline, ongoing", [(None, False), (datetime.date(2024, 6, 30), True)])
def test_a_directive_has_a_deadline_or_is_ongoing(deadline, ongoing):
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectiveFactory(deadline=deadline, is_ongoing=ongoing)


def test_a_meeting_does_not_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(start_time=datetime.time(14, 0), end_time=datetime.time(8, 0))


def test_the_lead_comes_first(agency, other_agency):
    directive = DirectiveFactory(lead=other_agency, cooperating=[agency])

    assert [part.role for part in directive.assignments.all()] == [AssignmentRole.LEAD, AssignmentRole.COOPERATING]
    assert directive.lead.agency == other_agency
    assert [part.agency for part in directive.cooperating] == [agency]


def test_folded_text_serves_the_accent_insensitive_search():
    directive = DirectiveFactory(text="Sắp xếp đơn vị hành chính cấp huyện, cấp xã")
    document = ReferenceDocumentFactory(title="Luật Thực hiện dân chủ ở cơ sở")

    assert list(Directive.objects.search("sap xep don vi")) == [directive]
    assert list(ReferenceDocument.objects.search("DAN CHU")) == [document]
    assert not Directive.objects.search("khiếu nại").exists()
