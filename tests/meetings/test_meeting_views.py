import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from meetings.choices import AttendanceRole, MeetingStatus
from meetings.models import Attendance, Meeting, MeetingAmendment
from tests.documents import assert_a4_decree_layout
from tests.factories import AgencyFactory, AttendanceFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _attendee_rows(*rows, extra=6, initial=0):
    """The attendee formset as the browser posts it; `initial` rows are those the page showed filled in."""
    data = {
        "attendees-TOTAL_FORMS": str(len(rows) + extra),
        "attendees-INITIAL_FORMS": str(initial),
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        for name, value in row.items():
            data[f"attendees-{number}-{name}"] = value
    for number in range(len(rows), len(rows) + extra):
        data[f"attendees-{number}-role"] = AttendanceRole.ATTENDEE  # what the browser sends for an empty row
    return data


def _meeting_post(organiser, *rows, initial=0, **fields):
    return {
        "title": "Hội nghị tổng kết năm 2023",
        "kind": "conference",
        "organisers": [organiser.pk],
        "date": "2024-01-16",
        "start_time": "08:00",
        "end_time": "11:30",
        "place": "Hội trường Tỉnh ủy",
        "agenda": "1. Tổng kết.",
        "minutes": "Hội nghị đã thảo luận.",
        **_attendee_rows(*rows, initial=initial),
        **fields,
    }


CHAIR_ROW = {"full_name": "Mai Văn Tuất", "title": "Trưởng Ban Chỉ đạo", "role": AttendanceRole.CHAIR}


def test_a_secretary_records_a_meeting(client, secretary):
    organiser = AgencyFactory(name="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh")
    client.force_login(secretary)

    response = client.post(
        "/meetings/new/",
        _meeting_post(
            organiser,
            CHAIR_ROW,
            {"full_name": "Đỗ Việt Anh", "title": "Trưởng Ban Dân vận Tỉnh ủy", "role": AttendanceRole.ATTENDEE},
            new_attachments=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes")],
        ),
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert meeting.status == MeetingStatus.DRAFT
    assert list(meeting.attendances.values_list("full_name", flat=True)) == ["Mai Văn Tuất", "Đỗ Việt Anh"]
    assert meeting.attachments.get().original_name == "bien-ban.pdf"


@pytest.mark.parametrize(
    "rows, message",
    [
        ([CHAIR_ROW, {"title": "Phó Chủ tịch UBND tỉnh", "role": AttendanceRole.ATTENDEE}], "full name"),
        ([{"full_name": "Đỗ Việt Anh", "role": AttendanceRole.ATTENDEE}], "exactly one attendee as the chair"),
    ],
)
def test_bad_attendees_are_refused_with_a_clear_error(client, secretary, rows, message):
    client.force_login(secretary)

    response = client.post("/meetings/new/", _meeting_post(AgencyFactory(), *rows))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_disallowed_attachment_is_refused(client, secretary):
    client.force_login(secretary)

    response = client.post(
        "/meetings/new/",
        _meeting_post(
            AgencyFactory(), CHAIR_ROW, new_attachments=[SimpleUploadedFile("trang.html", b"<html><script>")]
        ),
    )

    assert response.status_code == 200
    assert "not an allowed file type" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_meeting_ends_after_it_starts(client, secretary):
    client.force_login(secretary)

    response = client.post("/meetings/new/", _meeting_post(AgencyFactory(), CHAIR_ROW, end_time="07:00"))

    assert "cannot end before it starts" in response.content.decode()
    assert not Meeting.objects.exists()


def test_editing_a_draft_keeps_its_attendees_and_removes_a_ticked_one(client, secretary, draft_meeting):
    AttendanceFactory(meeting=draft_meeting, full_name="Bùi Hoàng Hà", order=1)
    client.force_login(secretary)
    form = client.get(f"/meetings/{draft_meeting.pk}/edit/")
    assert "Bùi Hoàng Hà" in form.content.decode()

    data = _meeting_post(
        draft_meeting.organisers.get(),
        CHAIR_ROW,
        {"full_name": "Bùi Hoàng Hà", "role": AttendanceRole.ATTENDEE, "DELETE": "on"},
        initial=2,
        version=draft_meeting.version,
        title="Tên đã sửa",
    )
    response = client.post(f"/meetings/{draft_meeting.pk}/edit/", data)

    assert response.status_code == 302
    assert Meeting.objects.get(pk=draft_meeting.pk).title == "Tên đã sửa"
    assert list(Attendance.objects.filter(meeting=draft_meeting).values_list("full_name", flat=True)) == [
        "Mai Văn Tuất"
    ]


def test_a_published_meetings_edit_page_leads_to_the_amendment(client, secretary, published_meeting):
    client.force_login(secretary)

    response = client.get(f"/meetings/{published_meeting.pk}/edit/")

    assert response.status_code == 302
    assert response.url == f"/meetings/{published_meeting.pk}/amend/"


def test_amending_through_the_form(client, secretary, published_meeting):
    client.force_login(secretary)
    data = _meeting_post(
        published_meeting.organisers.get(),
        {**CHAIR_ROW, "title": "Ủy viên Ban Chỉ đạo", "agency_name": "Ban Dân vận Tỉnh ủy"},
        initial=1,
        version=published_meeting.version,
        title=published_meeting.title,
        kind=published_meeting.kind,
        reason="Sửa địa điểm.",
        place="Phòng họp số 2",
        agenda=published_meeting.agenda,
        minutes=published_meeting.minutes,
    )

    response = client.post(f"/meetings/{published_meeting.pk}/amend/", data)

    assert response.status_code == 302
    amendment = MeetingAmendment.objects.get()
    assert amendment.changed_fields == ["place"]
    assert amendment.snapshot["place"] == "Hội trường Tỉnh ủy"


def test_publishing(client, secretary, draft_meeting):
    client.force_login(secretary)

    response = client.post(f"/meetings/{draft_meeting.pk}/publish/")

    assert response.status_code == 302
    assert Meeting.objects.get(pk=draft_meeting.pk).status == MeetingStatus.PUBLISHED


def test_the_meeting_page_shows_people_minutes_and_directives_and_prints(client, leader, published_meeting, agency):
    AttendanceFactory(meeting=published_meeting, full_name="Đỗ Việt Anh", title="Trưởng Ban Dân vận Tỉnh ủy")
    DirectiveFactory(meeting=published_meeting, lead=agency, text="Rà soát quy chế làm việc.")
    client.force_login(leader)

    with CaptureQueriesContext(connection):
        page = client.get(published_meeting.get_absolute_url()).content.decode()

    assert "Trưởng Ban Dân vận Tỉnh ủy" in page
    assert "Hội nghị đã thảo luận." in page
    assert "Rà soát quy chế làm việc." in page
    assert "directive-overdue" in page  # due 30/06/2024, nothing reported
    assert 'class="print-only print-letterhead"' in page


def test_minutes_are_shown_as_text_never_as_html(client, leader, secretary):
    meeting = MeetingFactory(
        created_by=secretary, published=True, minutes='<script>alert("x")</script>\n<img src=x onerror=alert(1)>'
    )
    client.force_login(leader)

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "<img src=x" not in page


def test_the_print_stylesheet_lays_out_the_record():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/app.css"), encoding="utf-8").read()
    print_rules = css[css.index("A meeting prints as an administrative record") :]
    assert "@media print" in print_rules
    assert ".no-print" in print_rules and ".print-only { display: block; }" in print_rules


def test_the_word_export_reads_back(client, leader, published_meeting, agency):
    AttendanceFactory(meeting=published_meeting, full_name="Trần Song Tùng", title="Phó Chủ tịch UBND tỉnh")
    DirectiveFactory(
        meeting=published_meeting,
        lead=agency,
        cooperating=[AgencyFactory(name="Sở Nội vụ tỉnh Ninh Bình")],
        text="Rà soát, sửa đổi quy chế làm việc.",
        deadline=datetime.date(2024, 9, 30),
    )
    DirectiveFactory(meeting=published_meeting, ongoing=True, text="Tiếp tục thực hiện Kế hoạch số 26-KH/TU.")
    client.force_login(leader)

    response = client.get(f"/meetings/{published_meeting.pk}/export.docx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert response["Content-Disposition"].startswith('attachment; filename="bien-ban-20240116')
    document = Document(io.BytesIO(response.content))
    assert_a4_decree_layout(document)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert published_meeting.title in text
    assert "Hội nghị đã thảo luận." in text and "Đồng chí chủ trì kết luận." in text
    header, attendees, directives, signatures = document.tables
    assert "Mai Văn Tuất" in signatures.cell(0, 1).text
    assert [cell.text for cell in attendees.rows[2].cells][1:3] == ["Trần Song Tùng", "Phó Chủ tịch UBND tỉnh"]
    rows = [[cell.text for cell in row.cells] for row in directives.rows[1:]]
    assert rows[0][1:5] == [
        "Rà soát, sửa đổi quy chế làm việc.",
        "Ban Dân vận Huyện ủy Kim Sơn",
        "Sở Nội vụ tỉnh Ninh Bình",
        "30/09/2024",
    ]
    assert rows[1][4] == "Regular/ongoing"


def test_the_meeting_list_has_a_fixed_number_of_queries(client, leader, secretary):
    client.force_login(leader)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/meetings/").status_code == 200
        return len(queries)

    for _ in range(2):
        DirectiveFactory(meeting=MeetingFactory(created_by=secretary, published=True, organisers=[AgencyFactory()]))
    small = count_queries()
    for _ in range(6):
        meeting = MeetingFactory(created_by=secretary, published=True, organisers=[AgencyFactory(), AgencyFactory()])
        DirectiveFactory(meeting=meeting)
        DirectiveFactory(meeting=meeting)
    assert count_queries() == small


def test_the_meeting_list_counts_and_filters(client, reviewer, secretary):
    committee = AgencyFactory(name="Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh")
    meeting = MeetingFactory(created_by=secretary, published=True, organisers=[committee], title="Hội nghị sơ kết")
    DirectiveFactory(meeting=meeting)  # overdue (due 30/06/2024)
    MeetingFactory(created_by=secretary, published=True, title="Phiên họp khác", date=datetime.date(2023, 9, 21))
    MeetingFactory(created_by=secretary, title="Bản nháp không ai thấy")
    client.force_login(reviewer)

    page = client.get(f"/meetings/?organiser={committee.pk}").content.decode()
    assert "Hội nghị sơ kết" in page and "Phiên họp khác" not in page
    assert '<span class="overdue-label">1</span>' in page
    assert "Phiên họp khác" in client.get("/meetings/?year=2023&q=phien hop").content.decode()
    assert "Bản nháp không ai thấy" not in client.get("/meetings/").content.decode()


def test_meeting_files_are_served_only_to_the_meetings_readers(client, secretary, leader, reviewer, draft_meeting):
    from django.utils import timezone

    from meetings.models import MeetingAttachment

    kept, removed = (
        MeetingAttachment.objects.create(
            meeting=draft_meeting,
            file=SimpleUploadedFile(name, b"%PDF-1.4 signed minutes"),
            original_name=name,
            content_type="application/pdf",
            size=23,
            uploaded_by=secretary,
        )
        for name in ("bien-ban-ky.pdf", "ban-cu.pdf")
    )
    removed.removed_at = timezone.now()
    removed.save()
    url = f"/meetings/{draft_meeting.pk}/attachments/"

    client.force_login(leader)
    response = client.get(f"{url}{kept.pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed minutes"
    assert client.get(f"{url}{removed.pk}/").status_code == 404
    client.force_login(reviewer)  # reads published meetings only
    assert client.get(f"{url}{kept.pk}/").status_code == 404


@pytest.mark.parametrize(
    "role, links",
    [
        ("alice", {"/meetings/", "/directives/", "/documents/"}),
        ("leader", {"/meetings/", "/directives/", "/documents/"}),
        ("nobody", set()),
    ],
)
def test_the_navigation_offers_what_the_role_may_read(client, request, role, links):
    client.force_login(request.getfixturevalue(role))

    page = client.get("/", follow=True).content.decode()  # a leader's home is the dashboard

    for link in ("/meetings/", "/directives/", "/documents/"):
        assert (f'href="{link}"' in page) == (link in links)


def test_the_meeting_page_has_a_fixed_number_of_queries(client, leader, published_meeting):
    client.force_login(leader)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(published_meeting.get_absolute_url()).status_code == 200
        return len(queries)

    DirectiveFactory(meeting=published_meeting)
    small = count_queries()
    for _ in range(4):
        AttendanceFactory(meeting=published_meeting)
        DirectiveFactory(meeting=published_meeting, cooperating=[AgencyFactory()])
    assert count_queries() == small
