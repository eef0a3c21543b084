"""A secretary records a meeting with one directive, an official of the lead agency reports progress and
marks the part done, and the secretary confirms it: the directive is done."""

import datetime
import re

import pytest

from accounts.roles import Role
from meetings.choices import DirectiveStatus
from meetings.models import Directive, Meeting
from models_registry.choices import AgencyKind
from tests.factories import AgencyFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_directive_is_followed_up_until_done(live_server, page, log_in, role_groups):
    committee = AgencyFactory(
        name="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh", kind=AgencyKind.STEERING_COMMITTEE
    )
    kim_son = AgencyFactory(name="Ban Dân vận Huyện ủy Kim Sơn")
    secretary = UserFactory(username="sam", agency=None, roles=[Role.SECRETARY])
    official = UserFactory(username="alice", agency=kim_son, roles=[Role.OFFICIAL])

    # The secretary records the meeting, publishes it and gives a directive to Kim Sơn.
    log_in(secretary)
    page.goto(f"{live_server.url}/meetings/new/")
    page.fill("#id_title", "Hội nghị tổng kết phong trào thi đua “Dân vận khéo” năm 2023")
    page.select_option("#id_kind", "conference")
    page.select_option("#id_organisers", [str(committee.pk)])
    # Day first and 24-hour whatever the browser's language, with the vendored picker attached.
    assert "flatpickr-input" in page.get_attribute("#id_date", "class")
    page.fill("#id_date", "16/01/2024")
    page.fill("#id_start_time", "14:30")
    page.fill("#id_place", "Hội trường Tỉnh ủy Ninh Bình")
    page.fill("#id_attendees-0-full_name", "Mai Văn Tuất")
    page.fill("#id_attendees-0-title", "Trưởng Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh")
    page.select_option("#id_attendees-0-role", "chair")
    page.fill("#id_attendees-1-full_name", "Đỗ Việt Anh")
    page.fill("#id_attendees-1-title", "Trưởng Ban Dân vận Tỉnh ủy")
    page.fill("#id_minutes", "Hội nghị đánh giá kết quả năm 2023.\n\nĐồng chí chủ trì kết luận.")
    page.click("button[name=save]")
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.start_time) == (datetime.date(2024, 1, 16), datetime.time(14, 30))
    page.click("button[name=publish]")
    page.wait_for_selector(".badge.meeting-published")

    page.click(f"a[href='/meetings/{meeting.pk}/directives/new/']")
    page.fill("#id_text", "Đẩy mạnh khảo sát, đánh giá các mô hình “Dân vận khéo” trên địa bàn huyện.")
    page.select_option("#id_lead_agency", str(kim_son.pk))
    page.fill("#id_deadline", "30/06/2024")
    page.click("button[name=save]")
    page.wait_for_url(re.compile(r"/directives/\d+/$"))
    directive = Directive.objects.get()

    # The official finds it on the home page, reports progress, then reports the part done.
    log_in(official)
    page.click(f".directive-panel a[href='/directives/{directive.pk}/']")
    part = directive.lead
    report = f"a[href='/directives/{directive.pk}/parts/{part.pk}/report/']"
    page.click(report)
    page.fill("#id_text", "Đã khảo sát 12 mô hình của huyện.")
    page.fill("#id_percent", "50")
    page.click("button[name=submit]")
    page.wait_for_url(f"{live_server.url}/directives/{directive.pk}/")
    assert page.locator(f"#part-{part.pk}").inner_text().count("50%") == 1
    page.click(report)
    page.fill("#id_text", "Hoàn thành khảo sát, đã gửi báo cáo.")
    page.check("#id_mark_done")
    page.click("button[name=submit]")
    page.wait_for_url(f"{live_server.url}/directives/{directive.pk}/")
    assert page.locator(report).count() == 0  # nothing left to report until the secretary decides

    # The secretary confirms it.
    log_in(secretary)
    page.goto(f"{live_server.url}/directives/{directive.pk}/")
    page.click(f"a[href='/directives/{directive.pk}/parts/{part.pk}/confirm/']")
    page.fill("#id_comment", "Đạt yêu cầu.")
    page.click("button[name=submit]")
    page.wait_for_selector(".badge.directive-done")

    assert Directive.objects.with_status().get().current_status == DirectiveStatus.DONE
    timeline = page.locator("#timeline + ol.timeline").inner_text()
    assert "Đã khảo sát 12 mô hình của huyện." in timeline and "Đạt yêu cầu." in timeline
