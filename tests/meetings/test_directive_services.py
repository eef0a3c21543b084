import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Notification
from meetings import services
from meetings.choices import AssignmentRole, AssignmentState, DirectiveStatus, ProgressAction
from meetings.models import Directive, DirectiveAssignment, ProgressEntry
from tests.factories import AgencyFactory, DirectiveFactory, MovementModelFactory, ReferenceDocumentFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _create(meeting, user, **overrides):
    kwargs = {
        "text": "Rà soát, sửa đổi, bổ sung quy chế làm việc của các cơ quan, đơn vị.",
        "lead_agency": AgencyFactory(),
        "cooperating_agencies": [],
        "deadline": datetime.date(2024, 9, 30),
        "is_ongoing": False,
        **overrides,
    }
    return services.directive_create(meeting=meeting, user=user, **kwargs)


# Giving directives ---------------------------------------------------------------------------------


def test_a_secretary_gives_a_numbered_directive_with_its_agencies_and_links(secretary, published_meeting, alice):
    plan = ReferenceDocumentFactory(number="26-KH/TU")
    model = MovementModelFactory(recognised=True)
    cooperating = AgencyFactory()

    first = _create(published_meeting, secretary, lead_agency=alice.agency, cooperating_agencies=[cooperating])
    second = _create(published_meeting, secretary, documents=[plan], registry_models=[model])

    assert (first.number, second.number) == (1, 2)
    assert first.lead.agency == alice.agency
    assert [part.agency for part in first.cooperating] == [cooperating]
    assert list(second.documents.all()) == [plan]
    assert list(model.directives.all()) == [second]
    assert list(plan.directives.all()) == [second]
    assert second.history.count() == 1  # one snapshot, links included
    # The officials of the lead agency of a published meeting's directive are told.
    assert Notification.objects.filter(recipient=alice).count() == 1


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"deadline": datetime.date(2024, 1, 15)}, "deadline", "cannot be before the meeting (16/01/2024)"),
        ({"lead_agency": None}, "lead_agency", "Choose the lead agency."),
        ({"deadline": None}, "deadline", "Give a deadline, or mark the directive as regular/ongoing."),
        ({"is_ongoing": True}, "deadline", "A regular/ongoing directive has no deadline"),
        ({"text": "  "}, "text", "Write the directive."),
    ],
)
def test_bad_directives_save_nothing(secretary, published_meeting, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        _create(published_meeting, secretary, **overrides)

    assert message in " ".join(error.value.message_dict[field])
    assert not Directive.objects.exists()
    assert not DirectiveAssignment.objects.exists()


def test_the_lead_agency_is_not_also_co_operating(secretary, published_meeting):
    lead = AgencyFactory()

    with pytest.raises(ValidationError, match="cannot also be a co-operating agency"):
        _create(published_meeting, secretary, lead_agency=lead, cooperating_agencies=[lead])


def test_a_regular_directive_has_no_deadline(secretary, published_meeting):
    directive = _create(published_meeting, secretary, deadline=None, is_ongoing=True)

    assert directive.is_ongoing
    assert directive.status == DirectiveStatus.OPEN


def test_only_secretaries_give_directives(alice, leader, published_meeting):
    for user in (alice, leader):
        with pytest.raises(PermissionDenied):
            _create(published_meeting, user)
    assert not Directive.objects.exists()


def test_a_draft_meetings_directive_tells_nobody_until_it_is_published(secretary, draft_meeting, alice):
    _create(draft_meeting, secretary, lead_agency=alice.agency)

    assert not Notification.objects.exists()


# Amending directives -------------------------------------------------------------------------------


def test_amending_moves_the_lead_and_records_why(secretary, directive, alice):
    former_lead = directive.lead.agency
    new_lead = AgencyFactory()

    services.directive_update(
        directive=directive,
        user=secretary,
        reason="Giao lại cơ quan chủ trì.",
        text=directive.text,
        lead_agency=new_lead,
        cooperating_agencies=[former_lead],
        deadline=datetime.date(2024, 12, 31),
    )

    directive = Directive.objects.get(pk=directive.pk)
    assert directive.lead.agency == new_lead
    assert [part.agency for part in directive.cooperating] == [former_lead]
    assert directive.deadline == datetime.date(2024, 12, 31)
    assert directive.history.latest().history_change_reason == "Giao lại cơ quan chủ trì."


def test_a_published_directive_is_amended_with_a_reason(secretary, directive):
    with pytest.raises(ValidationError, match="Say why"):
        services.directive_update(
            directive=directive,
            user=secretary,
            text="Khác",
            lead_agency=directive.lead.agency,
            deadline=directive.deadline,
        )


def test_an_agency_that_reported_stays_assigned(secretary, directive, alice, alice_part):
    services.report_progress(assignment=alice_part, user=alice, text="Đã ban hành kế hoạch.")

    with pytest.raises(ValidationError, match="has already reported"):
        services.directive_update(
            directive=directive,
            user=secretary,
            reason="Đổi cơ quan.",
            text=directive.text,
            lead_agency=AgencyFactory(),
            deadline=directive.deadline,
        )
    assert DirectiveAssignment.objects.get(pk=alice_part.pk).role == AssignmentRole.LEAD


# Following up: report, done, confirm, reopen --------------------------------------------------------


def test_the_whole_follow_up(secretary, directive, alice, alice_part):
    report = services.report_progress(
        assignment=alice_part, user=alice, text="Đã khảo sát 120 mô hình.", percent=60, milestone="Khảo sát xong"
    )
    assert Directive.objects.with_status(TODAY).get(pk=directive.pk).current_status == DirectiveStatus.OVERDUE
    assert Directive.objects.with_status(datetime.date(2024, 6, 1)).get().current_status == DirectiveStatus.IN_PROGRESS
    assert (report.from_state, report.to_state, report.percent) == (
        AssignmentState.OPEN,
        AssignmentState.IN_PROGRESS,
        60,
    )
    assert Notification.objects.filter(recipient=secretary).count() == 1

    services.assignment_mark_done(assignment=alice_part, user=alice, text="Hoàn thành biên soạn.")
    assert DirectiveAssignment.objects.get(pk=alice_part.pk).state == AssignmentState.DONE

    services.assignment_reopen(assignment=alice_part, user=secretary, comment="Thiếu số liệu của 2 huyện.")
    assert DirectiveAssignment.objects.get(pk=alice_part.pk).state == AssignmentState.IN_PROGRESS
    assert Notification.objects.filter(recipient=alice).count() == 1

    services.assignment_mark_done(assignment=alice_part, user=alice, text="Đã bổ sung số liệu.")
    services.assignment_confirm(assignment=alice_part, user=secretary, comment="Đạt yêu cầu.")

    assert Directive.objects.with_status(TODAY).get(pk=directive.pk).current_status == DirectiveStatus.DONE
    assert list(ProgressEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        ProgressAction.REPORT,
        ProgressAction.DONE,
        ProgressAction.REOPEN,
        ProgressAction.DONE,
        ProgressAction.CONFIRM,
    ]
    # Every change of the part has a history entry too.
    assert DirectiveAssignment.history.filter(id=alice_part.pk).count() == 6


def test_a_directive_is_done_only_when_every_part_is_confirmed(secretary, published_meeting, alice, bob):
    directive = DirectiveFactory(meeting=published_meeting, lead=alice.agency, cooperating=[bob.agency])
    lead, cooperating = directive.lead, directive.cooperating[0]
    services.assignment_mark_done(assignment=lead, user=alice, text="Xong phần chủ trì.")
    services.assignment_confirm(assignment=lead, user=secretary)

    assert Directive.objects.with_status(datetime.date(2024, 6, 1)).get().current_status == DirectiveStatus.IN_PROGRESS

    services.assignment_mark_done(assignment=cooperating, user=bob, text="Xong phần phối hợp.")
    services.assignment_confirm(assignment=cooperating, user=secretary)

    assert Directive.objects.with_status(datetime.date(2024, 6, 1)).get().current_status == DirectiveStatus.DONE


def test_officials_report_only_on_their_own_agencys_part(directive, alice_part, bob, leader, secretary):
    for user in (bob, leader, secretary):
        with pytest.raises(PermissionDenied):
            services.report_progress(assignment=alice_part, user=user, text="Báo cáo.")
    assert not ProgressEntry.objects.exists()


def test_an_official_reports_for_the_agencies_under_theirs(published_meeting, alice, sub_agency):
    part = DirectiveFactory(meeting=published_meeting, lead=sub_agency).lead

    services.report_progress(assignment=part, user=alice, text="Xã đã triển khai.")

    assert DirectiveAssignment.objects.get(pk=part.pk).state == AssignmentState.IN_PROGRESS


def test_nobody_reports_on_a_draft_meetings_directive(draft_meeting, alice):
    part = DirectiveFactory(meeting=draft_meeting, lead=alice.agency).lead

    with pytest.raises(PermissionDenied):
        services.report_progress(assignment=part, user=alice, text="Báo cáo.")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"text": " "}, "Say what has been done."),
        ({"text": "Báo cáo.", "percent": 120}, "between 0 and 100"),
        (
            {"text": "Báo cáo.", "attachments": [SimpleUploadedFile("virus.exe", b"MZ\x90\x00")]},
            "not an allowed file type",
        ),
    ],
)
def test_bad_reports_save_nothing(alice, alice_part, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        services.report_progress(assignment=alice_part, user=alice, **kwargs)
    assert not ProgressEntry.objects.exists()
    assert DirectiveAssignment.objects.get(pk=alice_part.pk).state == AssignmentState.OPEN


def test_a_report_keeps_its_evidence(alice, alice_part):
    entry = services.report_progress(
        assignment=alice_part,
        user=alice,
        text="Đã tổ chức hội nghị.",
        attachments=[SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 report")],
    )

    attachment = entry.attachments.get()
    assert attachment.original_name == "bao-cao.pdf"
    assert attachment.content_type == "application/pdf"


def test_only_a_part_reported_done_is_confirmed(secretary, alice_part):
    with pytest.raises(ValidationError, match="not possible"):
        services.assignment_confirm(assignment=alice_part, user=secretary)


def test_reopening_needs_a_reason(secretary, alice, alice_part):
    services.assignment_mark_done(assignment=alice_part, user=alice, text="Xong.")

    with pytest.raises(ValidationError, match="Say why"):
        services.assignment_reopen(assignment=alice_part, user=secretary, comment="")
    assert DirectiveAssignment.objects.get(pk=alice_part.pk).state == AssignmentState.DONE


def test_officials_do_not_confirm_their_own_work(alice, alice_part):
    services.assignment_mark_done(assignment=alice_part, user=alice, text="Xong.")

    with pytest.raises(PermissionDenied):
        services.assignment_confirm(assignment=alice_part, user=alice)
