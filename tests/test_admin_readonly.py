"""The admin's history pages are read-only: "revert to this version" would write around the services (a removed
model back to flagged, a published meeting back to draft, a published compilation's capacity cut)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.roles import Role
from compilations.models import Compilation
from meetings.choices import MeetingStatus
from meetings.models import Meeting
from models_registry.choices import ModelStatus
from models_registry.models import MovementModel
from tests.compilations.factories import CompilationFactory
from tests.factories import MeetingFactory, MovementModelFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    # A superuser has the rights of their roles only (accounts/backends.py): here the administrator's.
    person = UserFactory(username="root", is_staff=True, is_superuser=True, roles=[Role.ADMINISTRATOR])
    client.force_login(person)
    return person


def _earlier_version(record, **values):
    """Write a first history snapshot, then change the record as a service would (a second snapshot)."""
    record.save()
    first = record.history.earliest()
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return first


def _post_revert(client, record, snapshot):
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[record.pk, snapshot.history_id])
    return client.post(url, {})


def test_a_removed_model_is_not_reverted_to_flagged(client, superuser):
    model = MovementModelFactory(status=ModelStatus.FLAGGED)
    snapshot = _earlier_version(model, status=ModelStatus.REMOVED, removal_year=2024)

    assert _post_revert(client, model, snapshot).status_code == 403
    assert MovementModel.objects.get(pk=model.pk).status == ModelStatus.REMOVED


def test_a_published_meeting_is_not_reverted_to_draft(client, superuser):
    meeting = MeetingFactory()
    snapshot = _earlier_version(meeting, status=MeetingStatus.PUBLISHED)

    assert _post_revert(client, meeting, snapshot).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PUBLISHED


def test_a_compilations_capacity_is_not_reverted(client, superuser):
    compilation = CompilationFactory(capacity=100)
    snapshot = _earlier_version(compilation, capacity=120)

    assert _post_revert(client, compilation, snapshot).status_code == 403
    assert Compilation.objects.get(pk=compilation.pk).capacity == 120


def test_a_history_page_can_still_be_read(client, superuser):
    model = MovementModelFactory()
    snapshot = model.history.earliest()
    url = reverse("admin:models_registry_movementmodel_simple_history", args=[model.pk, snapshot.history_id])

    response = client.get(url)

    assert response.status_code == 200
    assert "Revert" not in response.content.decode()


def test_every_history_admin_refuses_reverting():
    """Every admin page of the project with a history refuses to revert (the shared base does it)."""
    from core.admin import NoDeleteAdmin

    with_history = [
        model_admin for model_admin in admin.site._registry.values() if hasattr(model_admin, "history_form_view")
    ]
    assert with_history
    assert all(isinstance(model_admin, NoDeleteAdmin) for model_admin in with_history), [
        type(model_admin).__name__ for model_admin in with_history if not isinstance(model_admin, NoDeleteAdmin)
    ]
