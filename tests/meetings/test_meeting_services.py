import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Notification
from meetings import services
from meetings.choices import AttendanceRole, MeetingKind, MeetingStatus
from meetings.models import Attendance, Meeting
from meetings.services import AttendeeData
from tests.factories import AgencyFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _data(**overrides):
    return {
        "title": "Hội nghị tổng kết năm 2023",
        "kind": MeetingKind.CONFERENCE,
        "date": datetime.date(2024, 1, 16),
        "start_time": datetime.time(8, 0),
        "end_time": datetime.time(11, 30),
        "place": "Hội trường Tỉnh ủy",
        "agenda": "1. Tổng kết.",
        "minutes": "Hội nghị đã thảo luận.",
        **overrides,
    }


CHAIR = AttendeeData(full_name="Mai Văn Tuất", title="Phó Bí thư Thường trực Tỉnh ủy", role=AttendanceRole.CHAIR)
ATTENDEE = AttendeeData(full_name="Đỗ Việt Anh", title="Trưởng Ban Dân vận Tỉnh ủy")


def test_a_secretary_records_a_draft_with_its_people_and_organisers(secretary):
    committees = [AgencyFactory(name="BCĐ QCDC"), AgencyFactory(name="BCĐ Dân vận khéo")]
    bdv = AgencyFactory(name="Ban Dân vận Tỉnh ủy Ninh Bình")

    meeting = services.meeting_create(
        user=secretary,
        data=_data(),
        organisers=committees,
        attendees=[CHAIR, AttendeeData(full_name="Đỗ Việt Anh", title="Trưởng Ban", agency=bdv)],
    )

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    assert set(meeting.organisers.all()) == set(committees)
    assert meeting.chair.full_name == "Mai Văn Tuất"
    second = meeting.attendances.get(order=1)
    # The agency's name is kept as it was on the day, whatever happens to the agency later.
    assert second.agency_name == "Ban Dân vận Tỉnh ủy Ninh Bình"
    # One history snapshot for the whole write, the organisers included.
    assert meeting.history.count() == 1
    assert meeting.history.get().historicalmeeting_organisers_set.count() == 2


def test_only_secretaries_record_meetings(alice, leader):
    for user in (alice, leader):
        with pytest.raises(PermissionDenied):
            services.meeting_create(user=user, data=_data(), organisers=[AgencyFactory()], attendees=[CHAIR])
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "attendees, message",
    [
        ([CHAIR, AttendeeData(full_name="  ")], "Every attendee needs a full name."),
        ([ATTENDEE], "Mark exactly one attendee as the chair."),
        ([CHAIR, AttendeeData(full_name="Trần Song Tùng", role=AttendanceRole.CHAIR)], "Mark exactly one"),
    ],
)
def test_bad_attendees_save_nothing(secretary, attendees, message):
    with pytest.raises(ValidationError, match=message):
        services.meeting_create(user=secretary, data=_data(), organisers=[AgencyFactory()], attendees=attendees)
    assert not Meeting.objects.exists()
    assert not Attendance.objects.exists()


def test_a_meeting_needs_an_organiser(secretary):
    with pytest.raises(ValidationError, match="organising body"):
        services.meeting_create(user=secretary, data=_data(), organisers=[], attendees=[CHAIR])


def test_a_disallowed_attachment_saves_nothing(secretary):
    page = SimpleUploadedFile("bien-ban.html", b"<script>alert(1)</script>", content_type="text/html")

    with pytest.raises(ValidationError, match="not an allowed file type"):
        services.meeting_create(
            user=secretary, data=_data(), organisers=[AgencyFactory()], attendees=[CHAIR], attachments=[page]
        )
    assert not Meeting.objects.exists()


def test_an_oversized_attachment_saves_nothing(secretary, settings):
    settings.MAX_UPLOAD_SIZE = 10
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 more than ten bytes")

    with pytest.raises(ValidationError, match="files may be at most"):
        services.meeting_create(
            user=secretary, data=_data(), organisers=[AgencyFactory()], attendees=[CHAIR], attachments=[pdf]
        )
    assert not Meeting.objects.exists()


def test_updating_a_draft_changes_only_the_rows_that_change(secretary, draft_meeting):
    services.meeting_update(
        meeting=draft_meeting,
        user=secretary,
        expected_version=draft_meeting.version,
        data={"title": "Phiên họp đã sửa tên"},
        organisers=list(draft_meeting.organisers.all()),
        attendees=[
            # The chair as the factory recorded it, and one new attendee.
            AttendeeData(
                full_name="Mai Văn Tuất",
                title="Ủy viên Ban Chỉ đạo",
                agency_name="Ban Dân vận Tỉnh ủy",
                role=AttendanceRole.CHAIR,
            ),
            ATTENDEE,
        ],
    )

    draft_meeting.refresh_from_db()
    assert draft_meeting.title == "Phiên họp đã sửa tên"
    chair = draft_meeting.attendances.get(role=AttendanceRole.CHAIR)
    assert chair.history.count() == 1  # unchanged: not saved again
    assert draft_meeting.attendances.count() == 2


def test_the_chair_can_change_hands(secretary, draft_meeting):
    services.meeting_update(
        meeting=draft_meeting,
        user=secretary,
        expected_version=draft_meeting.version,
        data={},
        organisers=list(draft_meeting.organisers.all()),
        attendees=[
            AttendeeData(full_name="Mai Văn Tuất"),
            AttendeeData(full_name="Đỗ Việt Anh", role=AttendanceRole.CHAIR),
        ],
    )

    assert draft_meeting.attendances.get(role=AttendanceRole.CHAIR).full_name == "Đỗ Việt Anh"


def test_a_stale_edit_is_refused(secretary, draft_meeting):
    stale = draft_meeting.version
    kwargs = {"organisers": list(draft_meeting.organisers.all()), "attendees": [CHAIR]}
    services.meeting_update(
        meeting=draft_meeting, user=secretary, expected_version=stale, data={"place": "Phòng họp A"}, **kwargs
    )

    with pytest.raises(services.ConcurrentEditError):
        services.meeting_update(
            meeting=Meeting.objects.get(pk=draft_meeting.pk),
            user=secretary,
            expected_version=stale,
            data={"place": "Phòng họp B"},
            **kwargs,
        )
    assert Meeting.objects.get(pk=draft_meeting.pk).place == "Phòng họp A"


def test_a_published_meeting_is_not_updated_directly(secretary, published_meeting):
    with pytest.raises(ValidationError, match="amendment"):
        services.meeting_update(
            meeting=published_meeting,
            user=secretary,
            expected_version=published_meeting.version,
            data={"title": "Khác"},
            organisers=list(published_meeting.organisers.all()),
            attendees=[CHAIR],
        )
    assert Meeting.objects.get(pk=published_meeting.pk).title == "Hội nghị tổng kết năm 2023"


def test_publishing_tells_the_assigned_agencies(secretary, draft_meeting, alice, bob):
    DirectiveFactory(meeting=draft_meeting, lead=alice.agency)
    assert not Notification.objects.exists()  # a draft's directives are nobody's business yet

    services.meeting_publish(meeting=draft_meeting, user=secretary)

    draft_meeting.refresh_from_db()
    assert draft_meeting.status == MeetingStatus.PUBLISHED
    assert draft_meeting.published_by == secretary
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["alice"]


def test_a_meeting_without_minutes_is_not_published(secretary):
    meeting = MeetingFactory(created_by=secretary, minutes="   ")

    with pytest.raises(ValidationError, match="minutes"):
        services.meeting_publish(meeting=meeting, user=secretary)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT


def test_a_meeting_is_published_once(secretary, published_meeting):
    with pytest.raises(ValidationError, match="already published"):
        services.meeting_publish(meeting=published_meeting, user=secretary)


def test_officials_do_not_publish(alice, draft_meeting):
    with pytest.raises(PermissionDenied):
        services.meeting_publish(meeting=draft_meeting, user=alice)
