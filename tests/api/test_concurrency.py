"""Two clients at the same moment (PostgreSQL, tests/concurrency.py): one change wins, the other gets 409 and
changes nothing."""

from accounts.roles import Role
from api.tokens import token_create
from models_registry.choices import FlagOutcome, ModelStatus
from models_registry.models import ModelEvent, MovementModel, ReviewFlag
from models_registry.services import registry as registry_services
from models_registry.services import workflow
from tests.concurrency import needs_row_locks, race
from tests.factories import MovementModelFactory, ReviewFlagFactory, UserFactory

from .conftest import ApiClient


def client_of(user) -> ApiClient:
    return ApiClient(token_create(user=user, name="race")[1], "en")


@needs_row_locks
def test_two_clients_updating_the_same_model_one_gets_409(alice, agency, monkeypatch):
    carol = UserFactory(username="carol", agency=agency, roles=[Role.OFFICIAL])
    model = MovementModelFactory(owner_agency=agency, name="Tên ban đầu")
    first, second = client_of(alice), client_of(carol)
    url = f"/api/v1/models/{model.pk}/"

    outcomes = race(
        monkeypatch,
        [
            lambda: first.patch(url, {"name": "Tên của Alice", "version": 1}),
            lambda: second.patch(url, {"name": "Tên của Carol", "version": 1}),
        ],
        hold=(registry_services, "stamp"),
    )

    assert sorted(response.status_code for response in outcomes) == [200, 409], outcomes
    winner = next(response for response in outcomes if response.status_code == 200)
    model.refresh_from_db()
    assert model.version == 2 and model.name == winner.json()["name"]
    loser = next(response for response in outcomes if response.status_code == 409)
    assert loser.json()["code"] == "stale_version"


@needs_row_locks
def test_two_reviewers_deciding_at_once_one_gets_409(reviewer, other_agency, monkeypatch):
    rosa = UserFactory(username="rosa", roles=[Role.REVIEWER])
    model = MovementModelFactory(owner_agency=other_agency, flagged=True)
    ReviewFlagFactory(model=model)
    url = f"/api/v1/models/{model.pk}/decide/"

    outcomes = race(
        monkeypatch,
        [
            lambda: client_of(reviewer).post(url, {"decision": "keep", "comment": "Giữ."}),
            lambda: client_of(rosa).post(
                url, {"decision": "remove", "comment": "Bỏ.", "decision_number": "9/QĐ", "decision_date": "2024-12-01"}
            ),
        ],
        hold=(workflow, "_move"),
    )

    assert sorted(response.status_code for response in outcomes) == [200, 409], outcomes
    assert ModelEvent.objects.filter(model=model, transition__in=["keep", "remove"]).count() == 1
    flag = ReviewFlag.objects.get(model=model)
    status = MovementModel.objects.get(pk=model.pk).status
    decided = [(ModelStatus.RECOGNISED, FlagOutcome.KEPT), (ModelStatus.REMOVED, FlagOutcome.REMOVED)]
    assert (status, flag.outcome) in decided
