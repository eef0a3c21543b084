import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.choices import AssignmentState
from meetings.models import Directive, DirectiveAssignment, ProgressEntry, ReferenceDocument
from tests.factories import (
    AgencyFactory,
    DirectiveFactory,
    MeetingFactory,
    MovementModelFactory,
    ReferenceDocumentFactory,
)
from tests.pages import home_panel

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _in_days(days: int) -> datetime.date:
    """A deadline relative to the real today: the pages judge "overdue" by today's date."""
    return timezone.localdate() + datetime.timedelta(days=days)


def _directive_post(lead, **fields):
    return {
        "text": "Rà soát, sửa đổi, bổ sung quy chế làm việc của các cơ quan, đơn vị.",
        "lead_agency": lead.pk,
        "deadline": "2024-09-30",
        **fields,
    }


# Giving a directive through the form ------------------------------------------------------------------


def test_a_secretary_gives_a_directive(client, secretary, published_meeting, agency):
    plan = ReferenceDocumentFactory(number="26-KH/TU")
    model = MovementModelFactory(recognised=True, code="DVK-2023-00012")
    client.force_login(secretary)

    response = client.post(
        f"/meetings/{published_meeting.pk}/directives/new/",
        _directive_post(agency, documents=[plan.pk], registry_models="dvk-2023-00012"),
    )

    directive = Directive.objects.get()
    assert response.status_code == 302
    assert response.url == directive.get_absolute_url()
    assert directive.lead.agency == agency
    assert list(directive.registry_models.all()) == [model]
    assert list(directive.documents.all()) == [plan]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"deadline": "2024-01-10"}, "The deadline cannot be before the meeting (16/01/2024)."),
        ({"lead_agency": ""}, "Choose the lead agency."),
        ({"deadline": ""}, "Give a deadline, or mark the directive as regular/ongoing."),
        ({"is_ongoing": "on"}, "A regular/ongoing directive has no deadline"),
        ({"registry_models": "DVK-9999-00001"}, "No model you can see has the code DVK-9999-00001."),
    ],
)
def test_bad_directives_are_refused_with_a_clear_error(client, secretary, published_meeting, agency, fields, message):
    client.force_login(secretary)

    response = client.post(f"/meetings/{published_meeting.pk}/directives/new/", _directive_post(agency, **fields))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Directive.objects.exists()


def test_amending_a_directive_through_the_form(client, secretary, directive, agency):
    client.force_login(secretary)
    form = client.get(f"/directives/{directive.pk}/edit/").content.decode()
    assert directive.text in form

    response = client.post(
        f"/directives/{directive.pk}/edit/",
        _directive_post(agency, text=directive.text, deadline="2024-12-31", reason="Lùi thời hạn theo đề nghị."),
    )

    assert response.status_code == 302
    assert Directive.objects.get(pk=directive.pk).deadline == datetime.date(2024, 12, 31)
    timeline = client.get(directive.get_absolute_url()).content.decode()
    assert "Lùi thời hạn theo đề nghị." in timeline
    assert "30/06/2024" in timeline and "31/12/2024" in timeline


# Reporting and following up through the pages ----------------------------------------------------------


def test_an_official_reports_progress_with_evidence(client, alice, directive, alice_part, secretary):
    client.force_login(alice)

    response = client.post(
        f"/directives/{directive.pk}/parts/{alice_part.pk}/report/",
        {
            "text": "Đã khảo sát 120 mô hình.",
            "percent": "60",
            "milestone": "Khảo sát xong",
            "attachments": [SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 report")],
        },
    )

    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert (entry.percent, entry.milestone, entry.actor) == (60, "Khảo sát xong", alice)
    page = client.get(directive.get_absolute_url()).content.decode()
    assert "Đã khảo sát 120 mô hình." in page and "60%" in page
    attachment = entry.attachments.get()
    download = client.get(f"/directives/{directive.pk}/files/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Security-Policy"] == "sandbox"


def test_a_report_over_100_percent_is_refused(client, alice, directive, alice_part):
    client.force_login(alice)

    response = client.post(
        f"/directives/{directive.pk}/parts/{alice_part.pk}/report/", {"text": "Báo cáo.", "percent": "150"}
    )

    assert response.status_code == 200
    assert not ProgressEntry.objects.exists()


def test_marking_done_then_the_secretary_confirms(client, alice, secretary, directive, alice_part):
    client.force_login(alice)
    client.post(
        f"/directives/{directive.pk}/parts/{alice_part.pk}/report/",
        {"text": "Hoàn thành.", "mark_done": "on"},
    )
    assert DirectiveAssignment.objects.get(pk=alice_part.pk).state == AssignmentState.DONE

    client.force_login(secretary)
    response = client.post(f"/directives/{directive.pk}/parts/{alice_part.pk}/confirm/", {"comment": "Đạt."})

    assert response.status_code == 302
    assert Directive.objects.with_status(TODAY).get(pk=directive.pk).current_status == "done"


def test_the_secretary_reopens_with_a_comment(client, alice, secretary, directive, alice_part):
    services.assignment_mark_done(assignment=alice_part, user=alice, text="Xong.")
    client.force_login(secretary)

    refused = client.post(f"/directives/{directive.pk}/parts/{alice_part.pk}/reopen/", {"comment": ""})
    assert "Say why the part is reopened." in refused.content.decode()

    client.post(f"/directives/{directive.pk}/parts/{alice_part.pk}/reopen/", {"comment": "Thiếu số liệu."})
    assert DirectiveAssignment.objects.get(pk=alice_part.pk).state == AssignmentState.IN_PROGRESS


def test_confirming_a_part_that_is_not_done_says_why(client, secretary, directive, alice_part):
    client.force_login(secretary)

    response = client.post(f"/directives/{directive.pk}/parts/{alice_part.pk}/confirm/", {"comment": ""})

    assert response.status_code == 200
    assert "is not possible for a part that is" in response.content.decode()


def test_the_directive_page_offers_each_role_its_own_actions(client, alice, bob, secretary, directive, alice_part):
    report_url = f"/directives/{directive.pk}/parts/{alice_part.pk}/report/"
    client.force_login(alice)
    assert report_url in client.get(directive.get_absolute_url()).content.decode()
    client.force_login(bob)
    assert report_url not in client.get(directive.get_absolute_url()).content.decode()
    services.assignment_mark_done(assignment=alice_part, user=alice, text="Xong.")
    client.force_login(secretary)
    page = client.get(directive.get_absolute_url()).content.decode()
    assert f"/directives/{directive.pk}/parts/{alice_part.pk}/confirm/" in page


# The list ------------------------------------------------------------------------------------------------


def _listed(client, query=""):
    response = client.get(f"/directives/{query}")
    assert response.status_code == 200
    return [directive.pk for directive in response.context["directives"]]


def test_the_list_filters_by_status_at_todays_date(client, leader, agency):
    overdue = DirectiveFactory(deadline=_in_days(-1))
    upcoming = DirectiveFactory(deadline=_in_days(180))
    done = DirectiveFactory(deadline=_in_days(-1))
    DirectiveAssignment.objects.filter(directive=done).update(state=AssignmentState.CONFIRMED)
    client.force_login(leader)

    assert _listed(client, "?status=overdue") == [overdue.pk]
    assert _listed(client, "?status=open") == [upcoming.pk]
    assert _listed(client, "?status=done") == [done.pk]
    page = client.get("/directives/").content.decode()
    assert page.count('class="row-overdue"') == 1


def test_the_list_searches_without_accents(client, leader):
    wanted = DirectiveFactory(text="Biên soạn cuốn “100 mô hình, điển hình ‘Dân vận khéo’ tiêu biểu”.")
    DirectiveFactory(text="Rà soát quy chế làm việc.")
    client.force_login(leader)

    assert _listed(client, "?q=dan van kheo") == [wanted.pk]
    assert _listed(client, "?q=DIỂN HÌNH") == [wanted.pk]


def test_the_list_filters_by_agency_with_the_agencies_under_it(client, leader, agency, sub_agency, other_agency):
    led_by_commune = DirectiveFactory(lead=sub_agency)
    with_cooperation = DirectiveFactory(cooperating=[agency])
    DirectiveFactory(lead=other_agency)
    client.force_login(leader)

    assert sorted(_listed(client, f"?agency={agency.pk}")) == sorted([led_by_commune.pk, with_cooperation.pk])


def test_the_list_filters_by_meeting_and_deadline(client, leader, published_meeting):
    in_range = DirectiveFactory(meeting=published_meeting, deadline=datetime.date(2024, 3, 31))
    DirectiveFactory(meeting=published_meeting, deadline=datetime.date(2024, 12, 31))
    DirectiveFactory(deadline=datetime.date(2024, 3, 31))
    client.force_login(leader)

    assert _listed(client, f"?meeting={published_meeting.pk}&deadline_after=2024-01-01&deadline_before=2024-06-30") == [
        in_range.pk
    ]


def test_the_list_finds_parts_awaiting_confirmation(client, secretary):
    waiting = DirectiveFactory()
    DirectiveAssignment.objects.filter(directive=waiting).update(state=AssignmentState.DONE)
    DirectiveFactory()
    client.force_login(secretary)

    assert _listed(client, "?awaiting_confirmation=true") == [waiting.pk]


def test_drafts_directives_are_listed_only_for_the_secretariat_and_leaders(
    client, reviewer, leader, secretary, draft_meeting
):
    hidden = DirectiveFactory(meeting=draft_meeting)
    client.force_login(reviewer)
    assert _listed(client) == []
    for user in (secretary, leader):
        client.force_login(user)
        assert _listed(client) == [hidden.pk]


def test_the_list_sorts_by_deadline_with_ongoing_ones_last(client, leader):
    ongoing = DirectiveFactory(ongoing=True)
    late = DirectiveFactory(deadline=datetime.date(2024, 12, 31))
    early = DirectiveFactory(deadline=datetime.date(2024, 3, 31))
    client.force_login(leader)

    assert _listed(client) == [early.pk, late.pk, ongoing.pk]
    assert _listed(client, "?o=-deadline")[-1] in (early.pk, ongoing.pk)


def test_the_list_has_a_fixed_number_of_queries(client, leader, secretary):
    client.force_login(leader)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/directives/?status=overdue").status_code == 200
        return len(queries)

    DirectiveFactory(cooperating=[AgencyFactory()])
    small = count_queries()
    for _ in range(8):
        meeting = MeetingFactory(created_by=secretary, published=True)
        DirectiveFactory(meeting=meeting, cooperating=[AgencyFactory(), AgencyFactory()])
    assert count_queries() == small


# The home page, the registry's model page, the documents ---------------------------------------------------


def test_an_official_sees_the_agencys_open_directives_on_the_home_page(client, alice, agency):
    overdue = DirectiveFactory(lead=agency, deadline=_in_days(-1), text="Việc đã quá hạn của Kim Sơn.")
    upcoming = DirectiveFactory(cooperating=[agency], deadline=_in_days(180), text="Việc sắp tới.")
    confirmed = DirectiveFactory(lead=agency, text="Việc đã xong.")
    DirectiveAssignment.objects.filter(directive=confirmed).update(state=AssignmentState.CONFIRMED)
    DirectiveFactory(text="Việc của cơ quan khác.")
    client.force_login(alice)

    response = client.get("/")

    page = response.content.decode()
    directives = home_panel(response, "meetings/panels/agency_directives.html")["directives"]
    assert [d.pk for d in directives] == [overdue.pk, upcoming.pk]
    assert "Việc đã xong." not in page and "Việc của cơ quan khác." not in page
    assert page.count('class="row-overdue"') == 1


def test_the_secretarys_home_page_counts_what_to_follow_up(client, secretary):
    waiting = DirectiveFactory(deadline=_in_days(180))
    DirectiveAssignment.objects.filter(directive=waiting).update(state=AssignmentState.DONE)
    DirectiveFactory(deadline=_in_days(-1))  # overdue
    client.force_login(secretary)

    response = client.get("/")

    counts = home_panel(response, "meetings/panels/follow_up.html")["counts"]
    assert counts == {"awaiting_confirmation": 1, "overdue": 1}


def test_a_models_page_shows_its_documents_and_directives(client, reviewer, secretary):
    model = MovementModelFactory(recognised=True)
    plan = ReferenceDocumentFactory(number="26-KH/TU", title="Kế hoạch thực hiện phong trào “Dân vận khéo”")
    plan.registry_models.add(model)
    directive = DirectiveFactory(text="Nhân rộng mô hình này.")
    directive.registry_models.add(model)
    hidden = DirectiveFactory(meeting=MeetingFactory(created_by=secretary), text="Chỉ đạo trong bản nháp.")
    hidden.registry_models.add(model)
    client.force_login(reviewer)

    page = client.get(model.get_absolute_url()).content.decode()

    assert "26-KH/TU" in page
    assert "Nhân rộng mô hình này." in page
    assert "Chỉ đạo trong bản nháp." not in page


def test_a_models_page_shows_its_directives_or_its_documents_alone(client, reviewer, secretary):
    """The page reads each list only when something names the model: each
    alone still shows, and a model named only by a draft's directive shows no section to a reader of published
    meetings."""
    with_directive, with_document, with_draft_only = MovementModelFactory.create_batch(3, recognised=True)
    DirectiveFactory(text="Nhân rộng mô hình này.").registry_models.add(with_directive)
    ReferenceDocumentFactory(number="26-KH/TU").registry_models.add(with_document)
    DirectiveFactory(meeting=MeetingFactory(created_by=secretary), text="Chỉ đạo trong bản nháp.").registry_models.add(
        with_draft_only
    )
    client.force_login(reviewer)

    page = client.get(with_directive.get_absolute_url()).content.decode()
    assert "Nhân rộng mô hình này." in page and 'id="documents-and-directives"' in page
    page = client.get(with_document.get_absolute_url()).content.decode()
    assert "26-KH/TU" in page and 'id="documents-and-directives"' in page
    page = client.get(with_draft_only.get_absolute_url()).content.decode()
    assert "Chỉ đạo trong bản nháp." not in page and 'id="documents-and-directives"' not in page
    client.force_login(secretary)
    assert "Chỉ đạo trong bản nháp." in client.get(with_draft_only.get_absolute_url()).content.decode()


def test_documents_are_registered_and_list_what_refers_to_them(client, secretary, leader):
    model = MovementModelFactory(recognised=True, code="DVK-2023-00077")
    client.force_login(secretary)

    response = client.post(
        "/documents/new/",
        {
            "kind": "law",
            "number": "10/2022/QH15",
            "title": "Luật Thực hiện dân chủ ở cơ sở",
            "issuing_body": "Quốc hội",
            "issued_on": "2022-11-10",
            "registry_models": "DVK-2023-00077",
        },
    )

    assert response.status_code == 302
    client.force_login(leader)
    listing = client.get("/documents/?q=dan chu").content.decode()
    assert "10/2022/QH15" in listing
    detail = client.get(response.url).content.decode()
    assert model.code in detail


def test_a_document_number_is_unique_per_issuing_body(client, secretary):
    ReferenceDocumentFactory(number="26-KH/TU", issuing_body="Ban Thường vụ Tỉnh ủy Ninh Bình")
    client.force_login(secretary)

    response = client.post(
        "/documents/new/",
        {"kind": "plan", "number": "26-KH/TU", "title": "Trùng", "issuing_body": "Ban Thường vụ Tỉnh ủy Ninh Bình"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert ReferenceDocument.objects.count() == 1
