"""Who may open and use each page of the review workflow, and who may make each move in the services.

The matrix covers every new URL for every role: anonymous people are sent to the login page, people
without the right get 403 (404 when they may not even see the model), and a refused POST changes nothing.
"""

from dataclasses import dataclass
from functools import cached_property

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Notification
from accounts.roles import Role
from models_registry import services
from models_registry.choices import FlagReason, ModelStatus
from models_registry.models import ModelEvent, MovementModel, ReviewFlag, ReviewRound, RoundEntry
from tests.factories import AgencyFactory, UserFactory

from . import steps

ROLES = [
    "anonymous",
    "nobody",
    "alice",
    "bob",
    "reviewer",
    "reviewer_of_owning_agency",
    "secretary",
    "leader",
    "administrator",
]
SIGNED_IN = ROLES[1:]
LOGIN = "login"


def only(allowed: dict, otherwise=403) -> dict:
    """Expected outcome per role: `allowed` for the roles it names, `otherwise` for the other signed-in ones."""
    return {"anonymous": LOGIN, **{role: otherwise for role in SIGNED_IN}, **allowed}


class World:
    """A model of the official's agency in each status a workflow page acts on, and two open rounds.

    Each is made on first use, so a test pays only for what its page needs."""

    def __init__(self, official, reviewer):
        self.official, self.reviewer = official, reviewer

    def _model(self, status):
        return steps.model_at(status, official=self.official, reviewer=self.reviewer)

    @cached_property
    def submitted(self):
        return self._model(ModelStatus.SUBMITTED)

    @cached_property
    def recognised(self):
        return self._model(ModelStatus.RECOGNISED)

    @cached_property
    def flagged(self):
        return self._model(ModelStatus.FLAGGED)

    @cached_property
    def removed(self):
        return self._model(ModelStatus.REMOVED)

    @cached_property
    def round(self):
        """Open over the official's agency, with its recognised and flagged models in it."""
        self.recognised, self.flagged  # noqa: B018 -- in the list before the round opens
        return services.round_open(
            user=self.reviewer, year=2025, title="Bình xét 2025", agencies=[self.official.agency]
        )

    @cached_property
    def empty_round(self):
        return services.round_open(user=self.reviewer, year=2025, title="Bình xét trống", agencies=[AgencyFactory()])

    @property
    def models(self):
        names = ("submitted", "recognised", "flagged", "removed")
        return [self.__dict__[name] for name in names if name in self.__dict__]


@pytest.fixture
def world(alice, reviewer):
    return World(alice, reviewer)


def snapshot(world):
    """The state every refused request must leave untouched."""
    return {
        "models": list(
            MovementModel.objects.filter(pk__in=[m.pk for m in world.models]).order_by("pk").values("status", "version")
        ),
        "events": ModelEvent.objects.count(),
        "flags": list(ReviewFlag.objects.order_by("pk").values()),
        "rounds": list(ReviewRound.objects.order_by("pk").values("pk", "closed_at")),
        "entries": list(RoundEntry.objects.order_by("pk").values("outcome", "reviewed_by")),
        "notifications": list(Notification.objects.order_by("pk").values("pk", "read_at")),
    }


def _today():
    return timezone.localdate().isoformat()


@dataclass(frozen=True)
class Page:
    """A workflow URL: where it is, what a valid POST sends, and what that POST changes."""

    path: object
    get: dict
    post: dict | None = None
    data: object = None
    done: object = None  # says whether the allowed POST took effect


def _status_is(attribute, status):
    return lambda world: MovementModel.objects.get(pk=getattr(world, attribute).pk).status == status


DECIDERS = only({"reviewer": 200})
DECIDED = only({"reviewer": 302})
REVIEWERS = only({"reviewer": 200, "reviewer_of_owning_agency": 200})
POST_ONLY = only({}, otherwise=405)

PAGES = {
    "recognise": Page(
        path=lambda w: f"/models/{w.submitted.pk}/recognise/",
        get=DECIDERS,
        post=DECIDED,
        data=lambda w: {
            "decision_number": "45/QĐ-BCĐ",
            "decision_date": _today(),
            "recognising_body": steps.RECOGNISING_BODY,
        },
        done=_status_is("submitted", ModelStatus.RECOGNISED),
    ),
    "return": Page(
        path=lambda w: f"/models/{w.submitted.pk}/return/",
        get=DECIDERS,
        post=DECIDED,
        data=lambda w: {"comment": "Bổ sung số liệu."},
        done=_status_is("submitted", ModelStatus.RETURNED),
    ),
    "flag": Page(
        path=lambda w: f"/models/{w.recognised.pk}/flag/",
        get=DECIDERS,
        post=DECIDED,
        data=lambda w: {
            "reason": FlagReason.NO_RESULTS,
            "explanation": "Không có kết quả đo được.",
            "deadline": steps.in_days(30).isoformat(),
        },
        done=_status_is("recognised", ModelStatus.FLAGGED),
    ),
    # Only the owning agency's officials answer; nobody cannot even read the model (404).
    "answer": Page(
        path=lambda w: f"/models/{w.flagged.pk}/answer/",
        get=only({"alice": 200, "nobody": 404}),
        post=only({"alice": 302, "nobody": 404}),
        data=lambda w: {
            "answer": "Mô hình vẫn hoạt động.",
            "improvement_plan": "",
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        },
        done=_status_is("flagged", ModelStatus.UNDER_REVIEW),
    ),
    "decide": Page(
        path=lambda w: f"/models/{w.flagged.pk}/decide/",
        get=DECIDERS,
        post=DECIDED,
        data=lambda w: {"decision": "keep", "comment": "Vẫn hiệu quả."},
        done=_status_is("flagged", ModelStatus.RECOGNISED),
    ),
    "restore": Page(
        path=lambda w: f"/models/{w.removed.pk}/restore/",
        get=DECIDERS,
        post=DECIDED,
        data=lambda w: {"comment": "Hoạt động trở lại.", "decision_number": "19/QĐ-BCĐ", "decision_date": _today()},
        done=_status_is("removed", ModelStatus.RECOGNISED),
    ),
    "review_queue": Page(path=lambda w: "/reviews/", get=REVIEWERS),
    # A bulk action on a model of the reviewer's own agency is refused with a message on the list page.
    "bulk": Page(
        path=lambda w: "/reviews/bulk/",
        get=POST_ONLY,
        post=only({"reviewer": 302, "reviewer_of_owning_agency": 302}),
        data=lambda w: {
            "action": "flag",
            "models": [w.recognised.pk],
            "reason": FlagReason.INACTIVE,
            "explanation": "Không còn hoạt động.",
            "deadline": steps.in_days(30).isoformat(),
            "next": "/models/",
        },
        done=_status_is("recognised", ModelStatus.FLAGGED),
    ),
    "candidates": Page(path=lambda w: "/reviews/candidates/", get=REVIEWERS),
    "round_list": Page(path=lambda w: "/reviews/rounds/", get=REVIEWERS),
    "round_create": Page(
        path=lambda w: "/reviews/rounds/new/",
        get=REVIEWERS,
        post=only({"reviewer": 302, "reviewer_of_owning_agency": 302}),
        data=lambda w: {"year": str(timezone.localdate().year - 1), "title": "Bình xét bổ sung 2025"},
        done=lambda w: ReviewRound.objects.filter(title="Bình xét bổ sung 2025").exists(),
    ),
    "round_detail": Page(path=lambda w: f"/reviews/rounds/{w.round.pk}/", get=REVIEWERS),
    # Confirming a model of the reviewer's own agency is refused with a message on the round's page.
    "round_confirm": Page(
        path=lambda w: f"/reviews/rounds/{w.round.pk}/confirm/",
        get=POST_ONLY,
        post=only({"reviewer": 302, "reviewer_of_owning_agency": 302}),
        data=lambda w: {"models": [w.recognised.pk]},
        done=lambda w: RoundEntry.objects.get(round=w.round, model=w.recognised).outcome == "effective",
    ),
    "round_close": Page(
        path=lambda w: f"/reviews/rounds/{w.empty_round.pk}/close/",
        get=POST_ONLY,
        post=only({"reviewer": 302, "reviewer_of_owning_agency": 302}),
        data=lambda w: {},
        done=lambda w: ReviewRound.objects.get(pk=w.empty_round.pk).closed_at is not None,
    ),
    "notifications": Page(path=lambda w: "/notifications/", get=only({}, otherwise=200)),
    "notifications_read": Page(path=lambda w: "/notifications/read/", get=POST_ONLY),
}

# Refused for the reviewer of the owning agency even though they are a reviewer: separation of duties.
_OWN_AGENCY_REFUSED_WITH_MESSAGE = {"bulk", "round_confirm"}


def _user(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def _client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _assert_outcome(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")
    else:
        assert response.status_code == expected


GET_CASES = [(name, role) for name in PAGES for role in ROLES]
POST_CASES = [(name, role) for name, page in PAGES.items() if page.post for role in ROLES]


@pytest.mark.parametrize(("name", "role"), GET_CASES)
def test_get(name, role, request, client, world):
    page = PAGES[name]
    user = _user(request, role)
    path = page.path(world)
    before = snapshot(world)

    response = _client_for(client, user).get(path)

    _assert_outcome(response, page.get[role])
    assert snapshot(world) == before


@pytest.mark.parametrize(("name", "role"), POST_CASES)
def test_post(name, role, request, client, world):
    page = PAGES[name]
    user = _user(request, role)
    path, data = page.path(world), page.data(world)
    before = snapshot(world)

    response = _client_for(client, user).post(path, data)

    expected = page.post[role]
    _assert_outcome(response, expected)
    refused = expected != 302 or (role == "reviewer_of_owning_agency" and name in _OWN_AGENCY_REFUSED_WITH_MESSAGE)
    if refused:
        assert snapshot(world) == before
        assert not page.done(world)
    else:
        assert page.done(world)


@pytest.mark.parametrize("role", ROLES)
def test_marking_notifications_read_touches_only_ones_own(role, request, client, alice, bob):
    user = _user(request, role)
    people = [person for person in {alice, bob, user} if person is not None]
    for person in people:
        Notification.objects.create(recipient=person, message="%(code)s “%(name)s” was recognised.",
                                    params={"code": "DVK-2023-00001", "name": "Mô hình"})

    response = _client_for(client, user).post("/notifications/read/")

    if user is None:
        _assert_outcome(response, LOGIN)
    else:
        assert response.status_code == 302
        assert response.url == "/notifications/"
    for person in people:
        assert Notification.objects.unread().filter(recipient=person).exists() == (person != user)


def test_the_owning_agencys_reviewer_is_told_why_a_bulk_action_was_refused(client, world, reviewer_of_owning_agency):
    data = PAGES["bulk"].data(world)
    client.force_login(reviewer_of_owning_agency)

    response = steps.english(client).post("/reviews/bulk/", data, follow=True)

    assert "Nothing was changed: You belong to the agency that owns this model" in steps.page_text(response)


# The same rules in the services, which admin actions, commands and the API call as well ------------------


def _decision(world, name):
    """The call that takes decision `name` on the world's model for it; the model is made first."""
    today = timezone.localdate()
    match name:
        case "recognise":
            model = world.submitted
            return lambda user: services.model_recognise(
                model=model, user=user, decision_number="45/QĐ", decision_date=today, recognising_body="BCĐ"
            )
        case "return":
            model = world.submitted
            return lambda user: services.model_return(model=model, user=user, comment="Bổ sung.")
        case "flag":
            model = world.recognised
            return lambda user: steps.flag(model, user)
        case "keep":
            model = world.flagged
            return lambda user: steps.keep(model, user)
        case "remove":
            model = world.flagged
            return lambda user: steps.remove(model, user)
        case "restore":
            model = world.removed
            return lambda user: steps.restore(model, user)
        case "confirm":
            review_round, model = world.round, world.recognised
            return lambda user: services.round_confirm(round=review_round, model=model, user=user)
    raise AssertionError(name)


DECISIONS = ["recognise", "return", "flag", "keep", "remove", "restore", "confirm"]


@pytest.mark.parametrize("decision", DECISIONS)
def test_an_official_never_decides_on_their_own_agencys_model(decision, world, alice):
    decide = _decision(world, decision)
    before = snapshot(world)

    with pytest.raises(PermissionDenied):
        decide(alice)

    assert snapshot(world) == before


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_reviewer_of_the_owning_agency_cannot_decide(decision, world, reviewer_of_owning_agency):
    decide = _decision(world, decision)
    before = snapshot(world)

    with pytest.raises(PermissionDenied):
        decide(reviewer_of_owning_agency)

    assert snapshot(world) == before


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_reviewer_of_an_agency_above_the_owner_cannot_decide(decision, alice, reviewer, sub_agency):
    # alice's agency is above sub_agency; its reviewer may not decide on sub_agency's models either.
    official_below = UserFactory(agency=sub_agency, roles=[Role.OFFICIAL])
    above = UserFactory(agency=alice.agency, roles=[Role.REVIEWER])
    world = World(official_below, reviewer)
    decide = _decision(world, decision)
    before = snapshot(world)

    with pytest.raises(PermissionDenied):
        decide(above)

    assert snapshot(world) == before


def test_a_reviewer_of_an_agency_below_the_owner_may_decide(alice, reviewer, sub_agency):
    model = steps.model_at(ModelStatus.FLAGGED, official=alice, reviewer=reviewer)
    below = UserFactory(agency=sub_agency, roles=[Role.REVIEWER])

    steps.keep(model, below)

    model.refresh_from_db()
    assert model.status == ModelStatus.RECOGNISED


@pytest.mark.parametrize("role", ["bob", "reviewer", "secretary", "leader", "administrator", "nobody"])
def test_only_the_owning_agencys_officials_submit_and_answer(role, request, alice, reviewer):
    user = request.getfixturevalue(role)
    draft = steps.model_at(ModelStatus.DRAFT, official=alice, reviewer=reviewer)
    flagged = steps.model_at(ModelStatus.FLAGGED, official=alice, reviewer=reviewer)
    events = ModelEvent.objects.count()

    with pytest.raises(PermissionDenied):
        steps.submit(draft, user)
    with pytest.raises(PermissionDenied):
        steps.answer(flagged, user)

    assert ModelEvent.objects.count() == events
    assert ReviewFlag.objects.get(model=flagged).answered_at is None


@pytest.mark.parametrize("role", ["alice", "bob", "secretary", "leader", "administrator", "nobody"])
def test_only_reviewers_open_and_close_rounds(role, request, world):
    user = request.getfixturevalue(role)
    empty_round = world.empty_round
    rounds = ReviewRound.objects.count()

    with pytest.raises(PermissionDenied):
        services.round_open(user=user, year=2025, title="Bình xét", agencies=[user.agency or AgencyFactory()])
    with pytest.raises(PermissionDenied):
        services.round_close(round=empty_round, user=user)

    assert ReviewRound.objects.count() == rounds
    assert ReviewRound.objects.get(pk=empty_round.pk).closed_at is None


def test_a_bulk_action_by_an_official_is_refused(world, alice):
    recognised = world.recognised
    before = snapshot(world)

    with pytest.raises(PermissionDenied):
        services.models_bulk_flag(
            models=[recognised], user=alice, reason=FlagReason.INACTIVE, explanation="x",
            deadline=steps.in_days(30),
        )

    assert snapshot(world) == before
