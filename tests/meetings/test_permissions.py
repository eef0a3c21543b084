"""Every view of meetings, directives and documents, for every role: outsiders get 404 (the object is not
in what they may see), a role without the permission gets 403, the others get the page."""

import pytest
from django.urls import reverse

from core.models import Job
from meetings.choices import AssignmentState
from meetings.models import ProgressEntry
from tests.factories import (
    DirectiveFactory,
    MeetingAttachmentFactory,
    MeetingFactory,
    ProgressAttachmentFactory,
    ReferenceDocumentFactory,
)
from tests.permissions import Row, cells, check, check_other_method, expect, other_methods

READERS = expect(200, nobody=403)
VISIBLE = expect(200, nobody=404)
SECRETARIAT = expect(403, nobody=404, secretary=200, administrator=200)
SECRETARIAT_NEW = expect(403, secretary=200, administrator=200)
DRAFT_READERS = expect(404, secretary=200, administrator=200, leader=200)
DRAFT_WRITERS = expect(404, secretary=200, administrator=200, leader=403)
# A list's export asked by POST: the file prepared as a job (core/exports.py), for whoever may read the list.
EXPORT_JOB = expect(302, nobody=403)


def export_job(name):
    return Row(name, lambda d: reverse(name), EXPORT_JOB, method="post", done=lambda d: Job.objects.exists())


MATRIX = [
    Row("meetings:list", lambda d: reverse("meetings:list"), READERS),
    Row("meetings:export_xlsx", lambda d: reverse("meetings:export_xlsx"), READERS),
    export_job("meetings:export_xlsx"),
    Row("meetings:export_csv", lambda d: reverse("meetings:export_csv"), READERS),
    export_job("meetings:export_csv"),
    Row("meetings:create", lambda d: reverse("meetings:create"), SECRETARIAT_NEW),
    Row("meetings:detail", lambda d: d.published.get_absolute_url(), VISIBLE, label="published meeting"),
    Row("meetings:detail", lambda d: d.draft.get_absolute_url(), DRAFT_READERS, label="draft meeting"),
    Row("meetings:update", lambda d: reverse("meetings:update", args=[d.draft.pk]), DRAFT_WRITERS),
    Row(
        "meetings:publish",
        lambda d: reverse("meetings:publish", args=[d.draft.pk]),
        expect(404, secretary=302, administrator=302, leader=403),
        method="post",
        state=lambda d: d.draft.__class__.objects.get(pk=d.draft.pk).status,
    ),
    Row("meetings:amend", lambda d: reverse("meetings:amend", args=[d.published.pk]), SECRETARIAT),
    Row("meetings:amendment", lambda d: reverse("meetings:amendment", args=[d.published.pk, 1]), VISIBLE),
    Row("meetings:export", lambda d: reverse("meetings:export", args=[d.published.pk]), VISIBLE),
    Row("meetings:export_pdf", lambda d: reverse("meetings:export_pdf", args=[d.published.pk]), VISIBLE),
    Row(
        "meetings:export_pdf",
        lambda d: reverse("meetings:export_pdf", args=[d.draft.pk]),
        DRAFT_READERS,
        label="draft meeting as PDF",
    ),
    Row(
        "meetings:attachment",
        lambda d: reverse("meetings:attachment", args=[d.published.pk, d.meeting_file.pk]),
        VISIBLE,
    ),
    Row(
        "meetings:attachment",
        lambda d: reverse("meetings:attachment", args=[d.draft.pk, d.draft_file.pk]),
        DRAFT_READERS,
        label="draft meeting's file",
    ),
    Row(
        "meetings:directive_create", lambda d: reverse("meetings:directive_create", args=[d.published.pk]), SECRETARIAT
    ),
    Row("meetings:directive_list", lambda d: reverse("meetings:directive_list"), READERS),
    Row("meetings:directive_xlsx", lambda d: reverse("meetings:directive_xlsx"), READERS),
    export_job("meetings:directive_xlsx"),
    Row("meetings:directive_csv", lambda d: reverse("meetings:directive_csv"), READERS),
    export_job("meetings:directive_csv"),
    Row("meetings:directive_detail", lambda d: d.directive.get_absolute_url(), VISIBLE),
    Row(
        "meetings:directive_detail",
        lambda d: d.draft_directive.get_absolute_url(),
        DRAFT_READERS,
        label="draft's directive",
    ),
    Row(
        "meetings:directive_update",
        lambda d: reverse("meetings:directive_update", args=[d.directive.pk]),
        SECRETARIAT,
    ),
    Row(
        "meetings:report",
        lambda d: reverse("meetings:report", args=[d.directive.pk, d.part.pk]),
        expect(403, nobody=404, alice=200),
    ),
    Row("meetings:confirm", lambda d: reverse("meetings:confirm", args=[d.done.pk, d.done_part.pk]), SECRETARIAT),
    Row("meetings:reopen", lambda d: reverse("meetings:reopen", args=[d.done.pk, d.done_part.pk]), SECRETARIAT),
    Row(
        "meetings:progress_attachment",
        lambda d: reverse("meetings:progress_attachment", args=[d.done.pk, d.progress_file.pk]),
        VISIBLE,
    ),
    Row("meetings:document_list", lambda d: reverse("meetings:document_list"), READERS),
    Row("meetings:document_xlsx", lambda d: reverse("meetings:document_xlsx"), READERS),
    export_job("meetings:document_xlsx"),
    Row("meetings:document_csv", lambda d: reverse("meetings:document_csv"), READERS),
    export_job("meetings:document_csv"),
    Row("meetings:document_create", lambda d: reverse("meetings:document_create"), SECRETARIAT_NEW),
    Row("meetings:document_detail", lambda d: d.document.get_absolute_url(), VISIBLE),
    Row(
        "meetings:document_update", lambda d: reverse("meetings:document_update", args=[d.document.pk]), SECRETARIAT
    ),
]


class World:
    def __init__(self, secretary, agency):
        from meetings.models import MeetingAmendment

        self.published = MeetingFactory(created_by=secretary, published=True)
        self.draft = MeetingFactory(created_by=secretary)
        self.directive = DirectiveFactory(meeting=self.published, lead=agency)
        self.part = self.directive.lead
        self.draft_directive = DirectiveFactory(meeting=self.draft, lead=agency)
        self.done = DirectiveFactory(meeting=self.published, lead=agency)
        self.done_part = self.done.lead
        self.done_part.state = AssignmentState.DONE
        self.done_part.save()
        entry = ProgressEntry.objects.create(
            assignment=self.done_part, action="done", from_state="in_progress", to_state="done", actor=secretary
        )
        self.progress_file = ProgressAttachmentFactory(entry=entry)
        self.meeting_file = MeetingAttachmentFactory(meeting=self.published)
        self.draft_file = MeetingAttachmentFactory(meeting=self.draft)
        self.document = ReferenceDocumentFactory()
        MeetingAmendment.objects.create(
            meeting=self.published, number=1, reason="Sửa lỗi chính tả.", snapshot=_snapshot(), amended_by=secretary
        )


def _snapshot():
    return {
        "title": "Tên cũ",
        "kind": "conference",
        "date": "2024-01-16",
        "start_time": "08:00",
        "end_time": None,
        "place": "Hội trường",
        "organisers": ["BCĐ"],
        "attendees": [{"full_name": "Mai Văn Tuất", "title": "", "agency_name": "", "role": "chair"}],
        "agenda": "",
        "minutes": "Biên bản cũ.",
        "attachments": [],
    }


@pytest.fixture
def world(secretary, agency):
    return World(secretary, agency)


@pytest.mark.django_db
@cells(MATRIX)
def test_access(client, request, world, row, role):
    check(client, request, world, row, role)


@pytest.mark.django_db
@other_methods(MATRIX)
def test_the_other_method(client, request, world, row, method):
    check_other_method(client, request, world, row, method)
