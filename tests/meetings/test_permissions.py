"""Every view of meetings, directives and documents, for every role: outsiders get 404 (the object is not
in what they may see), a role without the permission gets 403, the others get the page."""

from functools import cached_property

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


def with_everything(name):
    """The URL of a page that names no record (a list, an export, a new record's form), asked with the whole world
    in the database."""

    def build(world):
        world.whole()
        return reverse(name)

    return build


def export_job(name):
    return Row(name, with_everything(name), EXPORT_JOB, method="post", done=lambda d: Job.objects.exists())


MATRIX = [
    Row("meetings:list", with_everything("meetings:list"), READERS),
    Row("meetings:export_xlsx", with_everything("meetings:export_xlsx"), READERS),
    export_job("meetings:export_xlsx"),
    Row("meetings:export_csv", with_everything("meetings:export_csv"), READERS),
    export_job("meetings:export_csv"),
    Row("meetings:create", with_everything("meetings:create"), SECRETARIAT_NEW),
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
    Row(
        "meetings:amendment",
        lambda d: reverse("meetings:amendment", args=[d.amendment.meeting.pk, d.amendment.number]),
        VISIBLE,
    ),
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
    Row("meetings:directive_list", with_everything("meetings:directive_list"), READERS),
    Row("meetings:directive_xlsx", with_everything("meetings:directive_xlsx"), READERS),
    export_job("meetings:directive_xlsx"),
    Row("meetings:directive_csv", with_everything("meetings:directive_csv"), READERS),
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
    Row("meetings:document_list", with_everything("meetings:document_list"), READERS),
    Row("meetings:document_xlsx", with_everything("meetings:document_xlsx"), READERS),
    export_job("meetings:document_xlsx"),
    Row("meetings:document_csv", with_everything("meetings:document_csv"), READERS),
    export_job("meetings:document_csv"),
    Row("meetings:document_create", with_everything("meetings:document_create"), SECRETARIAT_NEW),
    Row("meetings:document_detail", lambda d: d.document.get_absolute_url(), VISIBLE),
    Row(
        "meetings:document_update", lambda d: reverse("meetings:document_update", args=[d.document.pk]), SECRETARIAT
    ),
]


class World:
    """The records the rows ask for, each made on first use: a cell makes only what its URL names; a row that names
    none (a list, an export, a new record's form) gets them all."""

    def __init__(self, secretary, agency):
        self.secretary, self.agency = secretary, agency

    def whole(self):
        return (self.published, self.draft, self.directive, self.draft_directive, self.done, self.progress_file,
                self.meeting_file, self.draft_file, self.document, self.amendment)

    @cached_property
    def published(self):
        return MeetingFactory(created_by=self.secretary, published=True)

    @cached_property
    def draft(self):
        return MeetingFactory(created_by=self.secretary)

    @cached_property
    def directive(self):
        return DirectiveFactory(meeting=self.published, lead=self.agency)

    @cached_property
    def part(self):
        return self.directive.lead

    @cached_property
    def draft_directive(self):
        return DirectiveFactory(meeting=self.draft, lead=self.agency)

    @cached_property
    def _done(self):
        """A directive whose lead agency reported its part done, with a file."""
        directive = DirectiveFactory(meeting=self.published, lead=self.agency)
        part = directive.lead
        part.state = AssignmentState.DONE
        part.save()
        entry = ProgressEntry.objects.create(
            assignment=part, action="done", from_state="in_progress", to_state="done", actor=self.secretary
        )
        return directive, part, ProgressAttachmentFactory(entry=entry)

    @property
    def done(self):
        return self._done[0]

    @property
    def done_part(self):
        return self._done[1]

    @property
    def progress_file(self):
        return self._done[2]

    @cached_property
    def meeting_file(self):
        return MeetingAttachmentFactory(meeting=self.published)

    @cached_property
    def draft_file(self):
        return MeetingAttachmentFactory(meeting=self.draft)

    @cached_property
    def document(self):
        return ReferenceDocumentFactory()

    @cached_property
    def amendment(self):
        from meetings.models import MeetingAmendment

        return MeetingAmendment.objects.create(
            meeting=self.published, number=1, reason="Sửa lỗi chính tả.", snapshot=_snapshot(),
            amended_by=self.secretary,
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
