"""Every view of meetings, directives and documents, for every role: outsiders get 404 (the object is not
in what they may see), a role without the permission gets 403, the others get the page."""

import pytest
from django.urls import reverse

from meetings.choices import AssignmentState
from tests.factories import DirectiveFactory, MeetingFactory, ReferenceDocumentFactory

ROLES = ["nobody", "alice", "bob", "reviewer", "secretary", "leader", "administrator"]


def _codes(**special):
    """The expected status per role: `default` for those not named."""
    default = special.pop("default")
    return {role: special.get(role, default) for role in ROLES}


READERS = _codes(default=200, nobody=403)
VISIBLE = _codes(default=200, nobody=404)
SECRETARIAT = _codes(default=403, nobody=404, secretary=200, administrator=200)
SECRETARIAT_NEW = _codes(default=403, secretary=200, administrator=200)
DRAFT_READERS = _codes(default=404, secretary=200, administrator=200, leader=200)
DRAFT_WRITERS = _codes(default=404, secretary=200, administrator=200, leader=403)

CASES = {
    "meeting list": ("get", lambda d: reverse("meetings:list"), READERS),
    "new meeting": ("get", lambda d: reverse("meetings:create"), SECRETARIAT_NEW),
    "published meeting": ("get", lambda d: d.published.get_absolute_url(), VISIBLE),
    "draft meeting": ("get", lambda d: d.draft.get_absolute_url(), DRAFT_READERS),
    "edit a draft": ("get", lambda d: reverse("meetings:update", args=[d.draft.pk]), DRAFT_WRITERS),
    "publish a draft": (
        "post",
        lambda d: reverse("meetings:publish", args=[d.draft.pk]),
        _codes(default=404, secretary=302, administrator=302, leader=403),
    ),
    "amend": ("get", lambda d: reverse("meetings:amend", args=[d.published.pk]), SECRETARIAT),
    "earlier version": ("get", lambda d: reverse("meetings:amendment", args=[d.published.pk, 1]), VISIBLE),
    "word export": ("get", lambda d: reverse("meetings:export", args=[d.published.pk]), VISIBLE),
    "new directive": ("get", lambda d: reverse("meetings:directive_create", args=[d.published.pk]), SECRETARIAT),
    "directive list": ("get", lambda d: reverse("meetings:directive_list"), READERS),
    "directive": ("get", lambda d: d.directive.get_absolute_url(), VISIBLE),
    "draft's directive": ("get", lambda d: d.draft_directive.get_absolute_url(), DRAFT_READERS),
    "amend directive": ("get", lambda d: reverse("meetings:directive_update", args=[d.directive.pk]), SECRETARIAT),
    "report": (
        "get",
        lambda d: reverse("meetings:report", args=[d.directive.pk, d.part.pk]),
        _codes(default=403, nobody=404, alice=200),
    ),
    "confirm": ("get", lambda d: reverse("meetings:confirm", args=[d.done.pk, d.done_part.pk]), SECRETARIAT),
    "reopen": ("get", lambda d: reverse("meetings:reopen", args=[d.done.pk, d.done_part.pk]), SECRETARIAT),
    "document list": ("get", lambda d: reverse("meetings:document_list"), READERS),
    "new document": ("get", lambda d: reverse("meetings:document_create"), SECRETARIAT_NEW),
    "document": ("get", lambda d: d.document.get_absolute_url(), VISIBLE),
    "edit document": ("get", lambda d: reverse("meetings:document_update", args=[d.document.pk]), SECRETARIAT),
}


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
def world(secretary, agency, alice, bob, reviewer, leader, administrator, nobody):
    return World(secretary, agency)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("role", ROLES)
def test_access(client, world, request, case, role):
    method, url, expected = CASES[case]
    client.force_login(request.getfixturevalue(role))

    response = getattr(client, method)(url(world))

    assert response.status_code == expected[role], f"{case} as {role}"


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_anonymous_visitors_are_sent_to_log_in(client, world, case):
    method, url, _expected = CASES[case]

    response = getattr(client, method)(url(world))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
