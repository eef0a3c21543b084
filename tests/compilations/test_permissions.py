"""Every view of the compilations, for every role: a compilation being prepared is not found (404) by anyone but
reviewers and leaders, a role without the permission to act gets 403, no role at all gets 403 on the list,
anonymous visitors are sent to the login page."""

import pytest
from django.urls import reverse

from compilations import services

from .factories import CompilationFactory, NominationFactory

ROLES = ["nobody", "alice", "bob", "reviewer", "secretary", "leader", "administrator"]


def _codes(**special):
    default = special.pop("default")
    return {role: special.get(role, default) for role in ROLES}


READERS = _codes(default=200, nobody=403)
VISIBLE = _codes(default=200, nobody=404)
PREPARERS = _codes(default=404, reviewer=200, leader=200)
REVIEWERS_NEW = _codes(default=403, reviewer=200)
ON_OPEN = _codes(default=404, reviewer=200, leader=403)
ACT_ON_OPEN = _codes(default=404, reviewer=302, leader=403)
ACT_ON_PUBLISHED = _codes(default=403, nobody=404, reviewer=302)


def url(name, *args):
    return lambda w: reverse(f"compilations:{name}", args=[getattr(w, a).pk if isinstance(a, str) else a for a in args])


def nomination_url(name, compilation, nomination):
    return lambda w: reverse(f"compilations:{name}", args=[getattr(w, compilation).pk, getattr(w, nomination).pk])


CASES = {
    "list": ("get", lambda w: reverse("compilations:list"), READERS),
    "new": ("get", lambda w: reverse("compilations:create"), REVIEWERS_NEW),
    "open compilation": ("get", url("detail", "open"), PREPARERS),
    "published compilation": ("get", url("detail", "published"), VISIBLE),
    "open entries": ("get", url("entries", "open"), PREPARERS),
    "published entries": ("get", url("entries", "published"), VISIBLE),
    "open booklet": ("get", url("booklet", "open"), PREPARERS),
    "published booklet": ("get", url("booklet", "published"), VISIBLE),
    "nominate": ("get", url("nominate", "open"), ON_OPEN),
    "nominate in a published one": ("get", url("nominate", "published"), ACT_ON_PUBLISHED),
    "open nomination": ("get", nomination_url("nomination", "open", "candidate"), PREPARERS),
    "published entry": ("get", nomination_url("nomination", "published", "entry"), VISIBLE),
    "published but not selected": ("get", nomination_url("nomination", "published", "left_out"), PREPARERS),
    "score": ("get", nomination_url("score", "open", "candidate"), ON_OPEN),
    "write up": ("get", nomination_url("write_up", "open", "candidate"), ON_OPEN),
    "select": ("post", nomination_url("select", "open", "candidate"), ACT_ON_OPEN),
    "select highest": ("post", url("select_highest", "open"), ACT_ON_OPEN),
    "publish": ("post", url("publish", "open"), ACT_ON_OPEN),
    "open photo": ("get", nomination_url("photo", "open", "candidate"), PREPARERS),
    "published photo": ("get", nomination_url("photo", "published", "entry"), VISIBLE),
}


class World:
    def __init__(self, reviewer):
        self.open = CompilationFactory(created_by=reviewer, title="Đang chuẩn bị")
        self.candidate = NominationFactory(compilation=self.open, written_up=True)
        self.published = CompilationFactory(created_by=reviewer, title="Đã công bố")
        self.entry = NominationFactory(compilation=self.published, written_up=True)
        self.left_out = NominationFactory(compilation=self.published)
        services.compilation_publish(compilation=self.published, user=reviewer)


@pytest.fixture
def world(reviewer):
    return World(reviewer)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, request, world, case, role):
    method, make_url, expected = CASES[case]
    client.force_login(request.getfixturevalue(role))
    response = getattr(client, method)(make_url(world))
    assert response.status_code == expected[role], (case, role)


@pytest.mark.parametrize("case", list(CASES))
def test_anonymous_visitors_are_sent_to_log_in(client, world, case):
    method, make_url, _expected = CASES[case]
    response = getattr(client, method)(make_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_url_is_in_the_matrix():
    from compilations.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns}
    covered = {
        "list", "create", "detail", "entries", "booklet", "nominate", "nomination", "score", "write_up", "select",
        "select_highest", "publish", "photo",
    }  # fmt: skip
    assert names == covered


def test_the_navigation_links_to_the_compilations_for_every_role(client, alice, nobody):
    client.force_login(alice)
    assert reverse("compilations:list") in client.get(reverse("home")).content.decode()
    client.force_login(nobody)
    assert reverse("compilations:list") not in client.get(reverse("home")).content.decode()
