"""A published meeting changes only through amendments, each keeping the whole earlier version."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import services
from meetings.choices import AttendanceRole
from meetings.models import MeetingAmendment
from meetings.services import AttendeeData

pytestmark = pytest.mark.django_db


def _amend(meeting, user, reason="Sửa chức danh đại biểu.", **changes):
    attendees = changes.pop(
        "attendees",
        [
            AttendeeData(full_name=a.full_name, title=a.title, agency=a.agency, agency_name=a.agency_name, role=a.role)
            for a in meeting.attendances.all()
        ],
    )
    return services.meeting_amend(
        meeting=meeting,
        user=user,
        expected_version=meeting.version,
        reason=reason,
        data=changes,
        organisers=list(meeting.organisers.all()),
        attendees=attendees,
    )


def test_an_amendment_keeps_the_earlier_version(secretary, published_meeting):
    before = services.meeting_snapshot(published_meeting)

    amendment = _amend(
        published_meeting,
        secretary,
        attendees=[
            AttendeeData(full_name="Mai Văn Tuất", title="Chủ tịch HĐND tỉnh", role=AttendanceRole.CHAIR),
            AttendeeData(full_name="Bùi Hoàng Hà", title="Phó Chủ tịch Thường trực HĐND tỉnh"),
        ],
        minutes="Biên bản đã bổ sung.",
    )

    amendment.refresh_from_db()
    assert amendment.number == 1
    assert amendment.amended_by == secretary
    assert amendment.reason == "Sửa chức danh đại biểu."
    assert amendment.snapshot == before
    assert amendment.changed_fields == ["attendees", "minutes"]
    published_meeting.refresh_from_db()
    assert published_meeting.minutes == "Biên bản đã bổ sung."
    # django-simple-history holds the same story, with the reason.
    latest = published_meeting.history.latest()
    assert latest.history_change_reason == "Sửa chức danh đại biểu."
    assert latest.history_user == secretary


def test_amendments_are_numbered_and_each_keeps_its_own_earlier_version(secretary, published_meeting):
    _amend(published_meeting, secretary, place="Phòng họp số 1")
    published_meeting.refresh_from_db()
    _amend(published_meeting, secretary, reason="Đổi địa điểm lần hai.", place="Phòng họp số 2")

    first, second = MeetingAmendment.objects.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.snapshot["place"] == "Hội trường Tỉnh ủy"
    assert second.snapshot["place"] == "Phòng họp số 1"


def test_an_amendment_needs_a_reason(secretary, published_meeting):
    with pytest.raises(ValidationError, match="Say why"):
        _amend(published_meeting, secretary, reason=" ", place="Nơi khác")
    assert not MeetingAmendment.objects.exists()


def test_an_amendment_that_changes_nothing_saves_nothing(secretary, published_meeting):
    versions = published_meeting.history.count()

    with pytest.raises(ValidationError, match="Nothing was changed"):
        _amend(published_meeting, secretary)

    assert not MeetingAmendment.objects.exists()
    assert published_meeting.history.count() == versions


def test_a_draft_is_not_amended(secretary, draft_meeting):
    with pytest.raises(ValidationError, match="published"):
        _amend(draft_meeting, secretary, place="Nơi khác")


def test_only_secretaries_amend(leader, published_meeting):
    with pytest.raises(PermissionDenied):
        _amend(published_meeting, leader, place="Nơi khác")


def test_the_earlier_version_is_shown(client, secretary, leader, published_meeting):
    _amend(published_meeting, secretary, title="Tên mới của hội nghị")
    client.force_login(leader)

    response = client.get(f"/meetings/{published_meeting.pk}/amendments/1/")

    page = response.content.decode()
    assert "Hội nghị tổng kết năm 2023" in page  # the title before the amendment
    assert "Sửa chức danh đại biểu." in page
    detail = client.get(published_meeting.get_absolute_url()).content.decode()
    assert "Tên mới của hội nghị" in detail
    assert f"/meetings/{published_meeting.pk}/amendments/1/" in detail
