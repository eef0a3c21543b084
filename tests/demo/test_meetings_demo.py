import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.roles import Role
from demo.meetings import CONFERENCE, load_meetings_demo
from meetings.choices import AttendanceRole, DirectiveStatus, MeetingStatus
from meetings.models import Directive, Meeting, ReferenceDocument
from tests.pages import home_panel

pytestmark = pytest.mark.django_db

# The demo's follow-up is dated in 2024; seen from late 2026, what is not done by its 2024 deadline is overdue.
SEEN_ON = datetime.date(2026, 11, 27)


@pytest.fixture
def demo(demo_output):
    """The demo, loaded once for the package (tests/demo/conftest.py), its meetings included."""
    return demo_output


def test_the_meetings_are_loaded_with_the_demo(demo):
    assert "Meetings demo: 4 meetings and 10 directives recorded" in demo
    assert load_meetings_demo() == {"meetings": 0, "directives": 0}


def _conference():
    return Meeting.objects.get(title=CONFERENCE.title)


def test_it_records_the_sources_conference(demo):
    meeting = _conference()

    assert meeting.status == MeetingStatus.PUBLISHED
    assert sorted(meeting.organisers.values_list("name", flat=True)) == [
        "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh Ninh Bình",
        "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh Ninh Bình",
    ]
    assert meeting.chair.full_name == "Mai Văn Tuất"
    assert meeting.chair.title.startswith("Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh")
    titles = dict(meeting.attendances.exclude(role=AttendanceRole.SECRETARY).values_list("full_name", "title"))
    assert set(titles) == {"Mai Văn Tuất", "Đỗ Việt Anh", "Trần Song Tùng", "Bùi Hoàng Hà"}
    assert "Trưởng Ban Dân vận Tỉnh ủy" in titles["Đỗ Việt Anh"]
    assert titles["Trần Song Tùng"].startswith("Phó Chủ tịch UBND tỉnh")
    assert titles["Bùi Hoàng Hà"].startswith("Phó Chủ tịch Thường trực HĐND tỉnh")
    assert "421" in meeting.minutes and "1.635" in meeting.minutes
    assert "Dữ liệu mẫu" in meeting.minutes


def test_its_seven_directives_have_lead_agencies_2024_deadlines_and_mixed_progress(demo):
    directives = list(Directive.objects.filter(meeting=_conference()).with_status(SEEN_ON).order_by("number"))

    assert len(directives) == 7
    assert all(directive.lead is not None for directive in directives)
    assert {d.deadline.year for d in directives if d.deadline} == {2024}
    statuses = [d.current_status for d in directives]
    for status in (DirectiveStatus.DONE, DirectiveStatus.IN_PROGRESS, DirectiveStatus.OVERDUE):
        assert status in statuses
    assert "100 mô hình" in directives[4].text
    assert list(directives[0].documents.values_list("number", flat=True)) == ["10/2022/QH15"]


def test_it_records_other_meetings_and_the_documents(demo):
    dates = Meeting.objects.exclude(title=CONFERENCE.title).values_list("date__year", flat=True)

    assert set(dates) == {2023, 2024}
    assert Meeting.objects.filter(status=MeetingStatus.DRAFT).count() == 1
    assert Meeting.objects.filter(amendments__isnull=False).count() == 1
    assert set(ReferenceDocument.objects.values_list("number", flat=True)) == {"26-KH/TU", "10/2022/QH15", "23-QĐ/TW"}


def test_the_demo_officials_see_their_agencys_directives(demo, client):
    from accounts.models import User

    canbo = User.objects.get(username="canbo")
    assert canbo.has_role(Role.OFFICIAL)
    client.force_login(canbo)

    response = client.get("/")

    directives = home_panel(response, "meetings/panels/agency_directives.html")["directives"]
    assert any("100 mô hình" in directive.text for directive in directives)


def _row_counts():
    tables = [*apps.get_app_config("meetings").get_models(), *apps.get_app_config("accounts").get_models()]
    from models_registry.models import Agency

    return {model._meta.label: model.objects.count() for model in [*tables, Agency, Agency.history.model]}


def test_running_it_again_changes_nothing(demo):
    before = _row_counts()
    out = io.StringIO()

    call_command("load_meetings_demo", "--force", stdout=out)

    assert _row_counts() == before
    assert "nothing changed" in out.getvalue()
    assert before["meetings.HistoricalMeeting"] > 0
