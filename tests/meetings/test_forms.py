import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.choices import AttendanceRole
from meetings.forms import (
    DirectiveAmendForm,
    DirectiveForm,
    MeetingAmendForm,
    MeetingForm,
    ProgressReportForm,
    ReopenForm,
    attendance_formset,
)
from tests.factories import AgencyFactory, AttendanceFactory, MovementModelFactory

pytestmark = pytest.mark.django_db


def _rows(*rows, extra=2, initial=0):
    data = {
        "attendees-TOTAL_FORMS": str(len(rows) + extra),
        "attendees-INITIAL_FORMS": str(initial),
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data.update({f"attendees-{number}-{name}": value for name, value in row.items()})
    for number in range(len(rows), len(rows) + extra):
        data[f"attendees-{number}-role"] = AttendanceRole.ATTENDEE
    return data


CHAIR = {"full_name": "Mai Văn Tuất", "role": AttendanceRole.CHAIR}


def test_empty_attendee_rows_are_ignored():
    formset = attendance_formset(_rows(CHAIR, extra=4))

    assert formset.is_valid()
    assert [a.full_name for a in formset.attendee_data()] == ["Mai Văn Tuất"]


def test_an_attendee_row_without_a_name_is_an_error():
    formset = attendance_formset(_rows(CHAIR, {"title": "Phó Chủ tịch UBND tỉnh", "role": AttendanceRole.ATTENDEE}))

    assert not formset.is_valid()
    assert formset.errors[1]["full_name"] == ["Give the attendee's full name."]


@pytest.mark.parametrize(
    "rows",
    [
        [{"full_name": "Đỗ Việt Anh", "role": AttendanceRole.ATTENDEE}],
        [CHAIR, {"full_name": "Trần Song Tùng", "role": AttendanceRole.CHAIR}],
        [],
    ],
)
def test_exactly_one_chair(rows):
    formset = attendance_formset(_rows(*rows))

    assert not formset.is_valid()
    assert formset.non_form_errors() == ["Mark exactly one attendee as the chair."]


def test_a_deleted_row_does_not_count(draft_meeting):
    AttendanceFactory(meeting=draft_meeting, full_name="Bùi Hoàng Hà", order=1)
    data = _rows(
        {**CHAIR, "title": "Ủy viên Ban Chỉ đạo", "agency_name": "Ban Dân vận Tỉnh ủy"},
        {"full_name": "Bùi Hoàng Hà", "role": AttendanceRole.CHAIR, "DELETE": "on"},
        initial=2,
    )

    formset = attendance_formset(data, meeting=draft_meeting)

    assert formset.is_valid(), formset.non_form_errors()
    assert [a.full_name for a in formset.attendee_data()] == ["Mai Văn Tuất"]


def test_the_formset_shows_the_meetings_attendees(draft_meeting):
    formset = attendance_formset(meeting=draft_meeting)

    assert formset.forms[0].initial["full_name"] == "Mai Văn Tuất"
    assert len(formset.forms) == 1 + 3


def _meeting_data(organiser, **fields):
    return {
        "title": "Hội nghị",
        "kind": "conference",
        "organisers": [organiser.pk],
        "date": "2024-01-16",
        "place": "Hội trường",
        **fields,
    }


def test_a_meeting_needs_an_organising_body():
    form = MeetingForm(_meeting_data(AgencyFactory(), organisers=[]))

    assert form.errors["organisers"] == ["Choose at least one organising body."]


def test_dates_are_read_as_the_date_picker_sends_them_and_as_people_type_them(draft_meeting):
    organiser = AgencyFactory()
    assert MeetingForm(_meeting_data(organiser, date="2024-01-16")).is_valid()
    form = MeetingForm(_meeting_data(organiser, date="16/01/2024"))
    assert form.is_valid()
    assert form.cleaned_data["date"] == datetime.date(2024, 1, 16)
    # and a saved date is shown day first, whatever the interface's or the browser's language
    assert 'value="16/01/2024"' in str(MeetingForm(instance=draft_meeting)["date"])


def test_an_amendment_needs_a_reason(published_meeting):
    form = MeetingAmendForm(_meeting_data(published_meeting.organisers.get()), instance=published_meeting)

    assert form.errors["reason"] == ["Say why the published record is amended."]


def test_oversized_files_are_refused_by_the_form(settings, published_meeting):
    settings.MAX_UPLOAD_SIZE = 10
    form = MeetingForm(
        _meeting_data(AgencyFactory()), {"new_attachments": [SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 long")]}
    )

    assert not form.is_valid()
    assert "files may be at most" in form.errors["new_attachments"][0]


def _directive_form(meeting, user, **fields):
    lead = fields.pop("lead", None) or AgencyFactory()
    data = {"text": "Rà soát quy chế làm việc.", "lead_agency": lead.pk, "deadline": "2024-09-30", **fields}
    return DirectiveForm(data, meeting=meeting, user=user)


def test_a_deadline_before_the_meeting_is_refused(published_meeting, secretary):
    form = _directive_form(published_meeting, secretary, deadline="2024-01-15")

    assert form.errors["deadline"] == ["The deadline cannot be before the meeting (16/01/2024)."]


def test_a_deadline_on_the_meetings_day_is_fine(published_meeting, secretary):
    assert _directive_form(published_meeting, secretary, deadline="2024-01-16").is_valid()


def test_a_directive_without_a_lead_agency_is_refused(published_meeting, secretary):
    form = _directive_form(published_meeting, secretary, lead_agency="")

    assert form.errors["lead_agency"] == ["Choose the lead agency."]


def test_the_lead_is_not_also_co_operating(published_meeting, secretary):
    lead = AgencyFactory()
    form = _directive_form(published_meeting, secretary, lead=lead, cooperating_agencies=[lead.pk])

    assert form.errors["cooperating_agencies"] == ["The lead agency cannot also be a co-operating agency."]


def test_models_are_named_by_code_in_any_case_and_separator(published_meeting, secretary):
    first = MovementModelFactory(recognised=True, code="DVK-2023-00001")
    second = MovementModelFactory(recognised=True, code="DVK-2023-00002")

    form = _directive_form(published_meeting, secretary, registry_models="dvk-2023-00002; DVK-2023-00001,")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["registry_models"] == [second, first]


def test_a_draft_model_of_another_agency_cannot_be_named(published_meeting, alice):
    MovementModelFactory(code="DVK-2023-00003")  # a draft of some other agency: alice cannot see it

    form = _directive_form(published_meeting, alice, registry_models="DVK-2023-00003")

    assert form.errors["registry_models"] == ["No model you can see has the code DVK-2023-00003."]


def test_amending_a_published_directive_needs_a_reason(directive, secretary):
    form = DirectiveAmendForm(
        {"text": directive.text, "lead_agency": directive.lead.agency_id, "deadline": "2024-06-30"},
        meeting=directive.meeting,
        user=secretary,
        directive=directive,
    )

    assert form.errors["reason"] == ["Say why the directive is amended."]


def test_the_amend_form_starts_from_the_directive(directive, secretary):
    form = DirectiveAmendForm(meeting=directive.meeting, user=secretary, directive=directive)

    assert form.initial["lead_agency"] == directive.lead.agency_id
    assert form.initial["deadline"] == datetime.date(2024, 6, 30)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"text": ""}, "text", "Say what has been done."),
        ({"text": "Báo cáo.", "percent": "101"}, "percent", None),
        ({"text": "Báo cáo.", "percent": "-1"}, "percent", None),
    ],
)
def test_progress_report_form(data, field, message):
    form = ProgressReportForm(data)

    assert not form.is_valid()
    assert field in form.errors
    if message:
        assert form.errors[field] == [message]


def test_a_disallowed_evidence_file_is_refused():
    form = ProgressReportForm({"text": "Báo cáo."}, {"attachments": [SimpleUploadedFile("a.svg", b"<svg onload=x>")]})

    assert "not an allowed file type" in form.errors["attachments"][0]


def test_reopening_needs_a_comment():
    assert ReopenForm({"comment": ""}).errors["comment"] == ["Say why the part is reopened."]
