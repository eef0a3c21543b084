"""Every view of the compilations, for every role (tests/permissions.py): a compilation being prepared is not
found (404) by anyone but reviewers and leaders, a role without the permission to act gets 403, no role at all
gets 403 on the list, anonymous visitors are sent to the login page."""

from functools import cached_property

import pytest
from django.urls import reverse

from compilations import services
from compilations.models import Compilation, Nomination
from core.models import Job
from tests.permissions import Row, cells, check, check_other_method, expect, other_methods

from .factories import CompilationFactory, NominationFactory

READERS = expect(200, nobody=403)
VISIBLE = expect(200, nobody=404)
PREPARERS = expect(404, reviewer=200, leader=200)
REVIEWERS_NEW = expect(403, reviewer=200)
ON_OPEN = expect(404, reviewer=200, leader=403)
ACT_ON_OPEN = expect(404, reviewer=302, leader=403)
ACT_ON_PUBLISHED = expect(403, nobody=404, reviewer=302)


def url(name, *records):
    """The URL of compilations:`name` for the world's records named (a compilation, then a nomination); a URL that
    names none is asked with the whole world in the database."""

    def build(world):
        if not records:
            world.whole()
        return reverse(f"compilations:{name}", args=[getattr(world, record).pk for record in records])

    return build


def row(name, records, outcomes, label, method="get"):
    # A GET or a refused POST leaves every compilation and nomination as it was.
    return Row(f"compilations:{name}", url(name, *records), outcomes, method=method, label=label, state=everything)


def everything(world):
    return list(Compilation.objects.order_by("pk").values()), list(Nomination.objects.order_by("pk").values())


MATRIX = [
    row("list", [], READERS, "list"),
    row("create", [], REVIEWERS_NEW, "new"),
    row("detail", ["open"], PREPARERS, "open compilation"),
    row("detail", ["published"], VISIBLE, "published compilation"),
    row("entries", ["open"], PREPARERS, "open entries"),
    row("entries", ["published"], VISIBLE, "published entries"),
    row("entries_xlsx", ["published"], VISIBLE, "published entries as Excel"),
    row("entries_csv", ["open"], PREPARERS, "open entries as CSV"),
    # The button of the page a long list shows instead: the file prepared as a job.
    Row(
        "compilations:entries_xlsx",
        url("entries_xlsx", "published"),
        expect(302, nobody=404),
        method="post",
        label="prepare published entries as Excel",
        done=lambda w: Job.objects.exists(),
    ),
    Row(
        "compilations:entries_csv",
        url("entries_csv", "open"),
        expect(404, reviewer=302, leader=302),
        method="post",
        label="prepare open entries as CSV",
        done=lambda w: Job.objects.exists(),
    ),
    row("booklet", ["open"], PREPARERS, "open booklet"),
    row("booklet", ["published"], VISIBLE, "published booklet"),
    row("booklet_job", ["open"], expect(404, reviewer=302, leader=302), "build open booklet", method="post"),
    row("booklet_job", ["published"], expect(302, nobody=404), "build published booklet", method="post"),
    row("booklet_pdf", ["open"], PREPARERS, "open booklet as PDF"),
    row("booklet_pdf", ["published"], VISIBLE, "published booklet as PDF"),
    row("nominate", ["open"], ON_OPEN, "nominate"),
    row("nominate", ["published"], ACT_ON_PUBLISHED, "nominate in a published one"),
    row("nomination", ["open", "candidate"], PREPARERS, "open nomination"),
    row("nomination", ["published", "entry"], VISIBLE, "published entry"),
    row("nomination", ["published", "left_out"], PREPARERS, "published but not selected"),
    row("score", ["open", "candidate"], ON_OPEN, "score"),
    row("write_up", ["open", "candidate"], ON_OPEN, "write up"),
    row("select", ["open", "candidate"], ACT_ON_OPEN, "select", method="post"),
    row("select_highest", ["open"], ACT_ON_OPEN, "select highest", method="post"),
    row("publish", ["open"], ACT_ON_OPEN, "publish", method="post"),
    row("photo", ["open", "candidate"], PREPARERS, "open photo"),
    row("photo", ["published", "entry"], VISIBLE, "published photo"),
]


class World:
    """The compilations the rows ask for, each made on first use: a cell makes only what its URL names; a row that
    names none (the list, the new compilation's form) gets them all."""

    def __init__(self, reviewer):
        self.reviewer = reviewer

    def whole(self):
        return self.candidate, self.published

    @cached_property
    def open(self):
        return CompilationFactory(created_by=self.reviewer, title="Đang chuẩn bị")

    @cached_property
    def candidate(self):
        return NominationFactory(compilation=self.open, written_up=True)

    @cached_property
    def _published(self):
        compilation = CompilationFactory(created_by=self.reviewer, title="Đã công bố")
        entry = NominationFactory(compilation=compilation, written_up=True)
        left_out = NominationFactory(compilation=compilation)
        services.compilation_publish(compilation=compilation, user=self.reviewer)
        return compilation, entry, left_out

    @property
    def published(self):
        return self._published[0]

    @property
    def entry(self):
        return self._published[1]

    @property
    def left_out(self):
        return self._published[2]


@pytest.fixture
def world(reviewer):
    return World(reviewer)


@pytest.mark.django_db
@cells(MATRIX)
def test_access(client, request, world, row, role):
    check(client, request, world, row, role)


@pytest.mark.django_db
@other_methods(MATRIX)
def test_the_other_method(client, request, world, row, method):
    check_other_method(client, request, world, row, method)


def test_the_navigation_links_to_the_compilations_for_every_role(client, alice, nobody):
    client.force_login(alice)
    assert reverse("compilations:list") in client.get(reverse("home")).content.decode()
    client.force_login(nobody)
    assert reverse("compilations:list") not in client.get(reverse("home")).content.decode()
