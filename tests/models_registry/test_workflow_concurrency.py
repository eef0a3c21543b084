"""Two reviewers deciding the same case one after the other: the second is told, and nothing changes twice
(the race itself, at the same moment, is in test_workflow_race.py)."""


from accounts.roles import Role
from models_registry.choices import FlagOutcome, ModelStatus
from models_registry.models import ModelEvent, ReviewFlag
from tests.factories import UserFactory

from . import steps


def test_the_second_reviewer_is_told_the_case_was_already_decided(client, alice, reviewer):
    rosa = UserFactory(username="rosa", roles=[Role.REVIEWER])
    model = steps.model_at(ModelStatus.UNDER_REVIEW, official=alice, reviewer=reviewer)
    client.force_login(rosa)
    assert client.get(f"/models/{model.pk}/decide/").status_code == 200  # rosa opens the form...
    steps.remove(model, reviewer)  # ...while rita decides
    events = ModelEvent.objects.filter(model=model).count()

    response = steps.english(client).post(
        f"/models/{model.pk}/decide/", {"decision": "keep", "comment": "Vẫn hiệu quả."}
    )

    assert response.status_code == 200
    assert "Another reviewer has already decided this case; nothing was changed." in steps.page_text(response)
    model.refresh_from_db()
    assert model.status == ModelStatus.REMOVED
    assert ModelEvent.objects.filter(model=model).count() == events
    assert ReviewFlag.objects.get(model=model).outcome == FlagOutcome.REMOVED


def test_keeping_in_bulk_a_model_already_decided_names_it_and_changes_nothing(client, alice, reviewer):
    decided = steps.model_at(ModelStatus.FLAGGED, official=alice, reviewer=reviewer)
    waiting = steps.model_at(ModelStatus.FLAGGED, official=alice, reviewer=reviewer)
    rosa = UserFactory(username="rosa", roles=[Role.REVIEWER])
    client.force_login(rosa)
    steps.keep(decided, reviewer)
    events = ModelEvent.objects.count()

    response = steps.english(client).post(
        "/reviews/bulk/",
        {"action": "keep", "models": [decided.pk, waiting.pk], "explanation": "Vẫn hiệu quả.", "next": "/models/"},
        follow=True,
    )

    assert f"Nothing was changed: {decided.code}: already decided." in steps.page_text(response)
    assert ModelEvent.objects.count() == events
    assert ReviewFlag.objects.open().filter(model=waiting).exists()
