"""The reviewers' bulk actions and a round's confirmation go back to `next` only when it is a path of this site."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "0", "models_registry:list"],
)
def test_the_bulk_action_never_sends_to_another_site(client, world, next_url):
    client.force_login(world.reviewer)
    response = client.post("/reviews/bulk/", {"action": "keep", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/models/"


def test_the_bulk_action_goes_back_to_the_filtered_list(client, world):
    client.force_login(world.reviewer)
    response = client.post("/reviews/bulk/", {"action": "keep", "next": "/models/?status=flagged"})
    assert response["Location"] == "/models/?status=flagged"


def test_a_round_s_confirmation_never_sends_to_another_site(client, world):
    client.force_login(world.reviewer)
    response = client.post(f"/reviews/rounds/{world.round.pk}/confirm/", {"next": "https://evil.example/"})
    assert response["Location"] == world.round.get_absolute_url()
    response = client.post(f"/reviews/rounds/{world.round.pk}/confirm/", {"next": "/reviews/rounds/?page=2"})
    assert response["Location"] == "/reviews/rounds/?page=2"
