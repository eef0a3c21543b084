"""Who may open and use each page of the review workflow, and who may make each move in the services.

The matrix (tests/permissions.py) covers every URL of the workflow for every role, and for the reviewer of
the owning agency: anonymous people are sent to the login page, people without the right get 403 (404 when
they may not even see the model), a GET changes nothing and neither does a refused POST; an allowed POST
takes effect.
"""

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
from tests.permissions import Outcome, Row, cells, check, check_other_method, expect, other_methods

from . import steps


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
    """The state every GET and every refused request must leave untouched."""
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


def _status_is(attribute, status):
    return lambda world: MovementModel.objects.get(pk=getattr(world, attribute).pk).status == status


def everyone(default, **special) -> dict:
    """`expect`, with the column of a reviewer of the owning agency (like every other role unless named)."""
    return expect(default, also=["reviewer_of_owning_agency"], **special)


def page(view, url, outcomes, data=None, done=None) -> Row:
    """A row of the workflow's matrix, a POST when it has data; each checks that nothing changed unless the
    request took effect."""
    method = "get" if data is None else "post"
    return Row(f"models_registry:{view}", url, outcomes, method=method, data=data, state=snapshot, done=done)


# Separation of duties: the reviewer of the owning agency is refused a bulk action or a confirmation on its
# model; the refusal comes back as a message on the page they are sent to.
OWN_AGENCY = Outcome(
    302,
    refused=True,
    message="You belong to the agency that owns this model (or one above it), so another reviewer must decide.",
)

DECIDERS = everyone(403, reviewer=200)
DECIDED = everyone(403, reviewer=302)
REVIEWERS = everyone(403, reviewer=200, reviewer_of_owning_agency=200)
REVIEWERS_ACT = everyone(403, reviewer=302, reviewer_of_owning_agency=302)
POST_ONLY = everyone(405)

MATRIX = [
    page("recognise", lambda w: f"/models/{w.submitted.pk}/recognise/", DECIDERS),
    page(
        "recognise",
        lambda w: f"/models/{w.submitted.pk}/recognise/",
        DECIDED,
        data=lambda w: {
            "decision_number": "45/QĐ-BCĐ",
            "decision_date": _today(),
            "recognising_body": steps.RECOGNISING_BODY,
        },
        done=_status_is("submitted", ModelStatus.RECOGNISED),
    ),
    page("return", lambda w: f"/models/{w.submitted.pk}/return/", DECIDERS),
    page(
        "return",
        lambda w: f"/models/{w.submitted.pk}/return/",
        DECIDED,
        data=lambda w: {"comment": "Bổ sung số liệu."},
        done=_status_is("submitted", ModelStatus.RETURNED),
    ),
    page("flag", lambda w: f"/models/{w.recognised.pk}/flag/", DECIDERS),
    page(
        "flag",
        lambda w: f"/models/{w.recognised.pk}/flag/",
        DECIDED,
        data=lambda w: {
            "reason": FlagReason.NO_RESULTS,
            "explanation": "Không có kết quả đo được.",
            "deadline": steps.in_days(30).isoformat(),
        },
        done=_status_is("recognised", ModelStatus.FLAGGED),
    ),
    # Only the owning agency's officials answer; nobody cannot even read the model (404).
    page("answer", lambda w: f"/models/{w.flagged.pk}/answer/", everyone(403, alice=200, nobody=404)),
    page(
        "answer",
        lambda w: f"/models/{w.flagged.pk}/answer/",
        everyone(403, alice=302, nobody=404),
        data=lambda w: {
            "answer": "Mô hình vẫn hoạt động.",
            "improvement_plan": "",
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        },
        done=_status_is("flagged", ModelStatus.UNDER_REVIEW),
    ),
    page("decide", lambda w: f"/models/{w.flagged.pk}/decide/", DECIDERS),
    page(
        "decide",
        lambda w: f"/models/{w.flagged.pk}/decide/",
        DECIDED,
        data=lambda w: {"decision": "keep", "comment": "Vẫn hiệu quả."},
        done=_status_is("flagged", ModelStatus.RECOGNISED),
    ),
    page("restore", lambda w: f"/models/{w.removed.pk}/restore/", DECIDERS),
    page(
        "restore",
        lambda w: f"/models/{w.removed.pk}/restore/",
        DECIDED,
        data=lambda w: {"comment": "Hoạt động trở lại.", "decision_number": "19/QĐ-BCĐ", "decision_date": _today()},
        done=_status_is("removed", ModelStatus.RECOGNISED),
    ),
    page("review_queue", lambda w: "/reviews/", REVIEWERS),
    page("bulk_action", lambda w: "/reviews/bulk/", POST_ONLY),
    page(
        "bulk_action",
        lambda w: "/reviews/bulk/",
        everyone(403, reviewer=302, reviewer_of_owning_agency=OWN_AGENCY),
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
    page("candidates", lambda w: "/reviews/candidates/", REVIEWERS),
    page("round_list", lambda w: "/reviews/rounds/", REVIEWERS),
    page("round_create", lambda w: "/reviews/rounds/new/", REVIEWERS),
    page(
        "round_create",
        lambda w: "/reviews/rounds/new/",
        REVIEWERS_ACT,
        data=lambda w: {"year": str(timezone.localdate().year - 1), "title": "Bình xét bổ sung 2025"},
        done=lambda w: ReviewRound.objects.filter(title="Bình xét bổ sung 2025").exists(),
    ),
    page("round_detail", lambda w: f"/reviews/rounds/{w.round.pk}/", REVIEWERS),
    page("round_confirm", lambda w: f"/reviews/rounds/{w.round.pk}/confirm/", POST_ONLY),
    page(
        "round_confirm",
        lambda w: f"/reviews/rounds/{w.round.pk}/confirm/",
        everyone(403, reviewer=302, reviewer_of_owning_agency=OWN_AGENCY),
        data=lambda w: {"models": [w.recognised.pk]},
        done=lambda w: RoundEntry.objects.get(round=w.round, model=w.recognised).outcome == "effective",
    ),
    page("round_close", lambda w: f"/reviews/rounds/{w.empty_round.pk}/close/", POST_ONLY),
    page(
        "round_close",
        lambda w: f"/reviews/rounds/{w.empty_round.pk}/close/",
        REVIEWERS_ACT,
        data=lambda w: {},
        done=lambda w: ReviewRound.objects.get(pk=w.empty_round.pk).closed_at is not None,
    ),
]


@pytest.mark.django_db
@cells(MATRIX)
def test_access(client, request, world, row, role):
    check(client, request, world, row, role)


@pytest.mark.django_db
@other_methods(MATRIX)
def test_the_other_method(client, request, world, row, method):
    check_other_method(client, request, world, row, method)


def test_the_owning_agencys_reviewer_is_told_why_a_bulk_action_was_refused(client, world, reviewer_of_owning_agency):
    bulk_action = next(row for row in MATRIX if row.view == "models_registry:bulk_action" and row.method == "post")
    client.force_login(reviewer_of_owning_agency)

    response = steps.english(client).post("/reviews/bulk/", bulk_action.data(world), follow=True)

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
