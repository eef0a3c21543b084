"""Administrators read compilations, nominations and scores (with their history) in the admin; nothing there
adds, changes or deletes them: every write goes through the services."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory

from .factories import ScoreFactory


@pytest.fixture
def superuser(db):
    # A superuser has the rights of their roles only (accounts/backends.py): here the administrator's.
    return UserFactory(username="root", is_staff=True, is_superuser=True, roles=[Role.ADMINISTRATOR])


@pytest.mark.parametrize("model", ["compilation", "nomination", "score"])
def test_the_admin_lists_and_shows_without_add_or_delete(client, superuser, model):
    score = ScoreFactory()
    obj = {"compilation": score.nomination.compilation, "nomination": score.nomination, "score": score}[model]
    client.force_login(superuser)
    assert client.get(reverse(f"admin:compilations_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:compilations_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:compilations_{model}_history", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:compilations_{model}_add")).status_code == 403
    assert client.get(reverse(f"admin:compilations_{model}_delete", args=[obj.pk])).status_code == 403
