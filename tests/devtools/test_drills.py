"""The restart drill's parts that decide its verdict: the clients fill in the real forms as a browser does, and
every acknowledged write is found in the database (a write that is not there is reported lost)."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from devtools.drills.clients import form_with
from devtools.drills.verify import lost_writes
from models_registry import services
from models_registry.choices import FlagReason
from models_registry.models import ModelAttachment, MovementModel
from tests.factories import MovementModelFactory

pytestmark = pytest.mark.django_db


def test_the_edit_form_is_sent_back_as_a_browser_sends_it(client, alice, agency):
    model = MovementModelFactory(owner_agency=agency)
    client.force_login(alice)
    path = f"/models/{model.pk}/edit/"

    form = form_with(client.get(path).content.decode(), "results")
    answer = client.post(path, {**form["fields"], "results": "Kết quả mới abc123"})

    assert {"csrfmiddlewaretoken", "version", "name", "indicators-TOTAL_FORMS"} <= form["fields"].keys()
    assert form["fields"]["name"] == model.name
    assert answer.status_code == 302 and answer["Location"] == f"/models/{model.pk}/"
    model.refresh_from_db()
    assert model.results == "Kết quả mới abc123"


def test_every_acknowledged_write_is_found_and_a_missing_one_is_reported(alice, agency, reviewer):
    draft = MovementModelFactory(owner_agency=agency)
    services.model_update(model=draft, user=alice, expected_version=draft.version, data={"results": "edit-token"})
    recognised = MovementModelFactory(recognised=True)
    services.model_flag(
        model=recognised,
        user=reviewer,
        reason=FlagReason.NO_RESULTS,
        explanation="flag-token",
        deadline=timezone.localdate() + timedelta(days=30),
    )
    services.flag_decide(model=recognised, user=reviewer, keep=True, comment="keep-token")
    acks = [
        {"kind": "create", "id": draft.pk, "token": draft.name},
        {"kind": "edit", "id": draft.pk, "token": "edit-token"},
        {"kind": "flag", "id": recognised.pk, "token": "flag-token"},
        {"kind": "keep", "id": recognised.pk, "token": "keep-token"},
    ]
    never_written = {"kind": "edit", "id": draft.pk, "token": "never-written"}
    kept_under_another_model = {"kind": "keep", "id": draft.pk, "token": "keep-token"}

    assert lost_writes(acks) == []
    assert lost_writes([*acks, never_written, kept_under_another_model]) == [never_written, kept_under_another_model]


def test_the_drill_data_is_refused_with_debug_off_and_written_through_the_services_with_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_drill_data")
    assert not MovementModel.objects.exists()

    call_command("load_drill_data", "--force", models_per_official=2, files_per_model=2)

    assert MovementModel.objects.count() == 4
    assert MovementModel.objects.in_list().count() == 2
    assert MovementModel.history.count() >= 4  # created through the services: every row has its history
    assert ModelAttachment.objects.count() == 8
    assert all(attachment.file.storage.exists(attachment.file.name) for attachment in ModelAttachment.objects.all())
