"""The model's page in three tabs (details, replication, history): each at its own address, each linking to the
others, each with the same header and buttons; the user's rights come with the model's row."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.workflow import allowed_moves
from models_registry.models import MovementModel
from models_registry.models.registry import RIGHTS, acts_for_owner, decides, edits, sees
from tests.factories import ModelIndicatorFactory, MovementModelFactory, ReplicationFactory

from .steps import english, visible_text

TABS = {"details": "get_absolute_url", "spread": "get_spread_url", "history": "get_history_url"}


def tab_links(response) -> list[tuple[str, bool]]:
    """The tabs' links, each with whether it is marked as the page shown."""
    nav = re.search(r'<nav class="tabs".*?</nav>', response.content.decode(), re.S).group(0)
    return [(href, bool(current)) for href, current in re.findall(r'<a href="([^"]+)"( aria-current="page")?', nav)]


@pytest.fixture
def draft(agency):
    model = MovementModelFactory(owner_agency=agency, name="Mô hình đang soạn")
    ModelIndicatorFactory(model=model)
    return model


@pytest.mark.parametrize("tab", TABS)
def test_each_tab_links_to_the_three_and_marks_itself(client, alice, draft, tab):
    client.force_login(alice)
    url = getattr(draft, TABS[tab])()

    links = tab_links(client.get(url))

    assert [href for href, _current in links] == [getattr(draft, method)() for method in TABS.values()]
    assert [href for href, current in links if current] == [url]


def header_actions(response) -> str:
    return re.search(r'<div class="actions">(.*?)</div>', response.content.decode(), re.S).group(1)


@pytest.mark.parametrize("tab", TABS)
def test_each_tab_shows_the_owners_buttons(client, alice, draft, tab):
    client.force_login(alice)

    actions = header_actions(client.get(getattr(draft, TABS[tab])()))

    assert f'href="/models/{draft.pk}/edit/"' in actions and f'action="/models/{draft.pk}/submit/"' in actions


@pytest.mark.parametrize("tab", TABS)
def test_an_official_of_another_agency_gets_no_button_on_any_tab(client, bob, tab):
    model = MovementModelFactory(recognised=True, name="Mô hình đã công nhận")
    client.force_login(bob)

    response = client.get(getattr(model, TABS[tab])())

    assert model.name in response.content.decode()
    assert header_actions(response).strip() == ""


def test_the_details_tab_leaves_the_spread_and_the_history_to_their_tabs(client, alice, draft):
    english(client).force_login(alice)

    details = client.get(draft.get_absolute_url()).content.decode()
    spread = client.get(draft.get_spread_url()).content.decode()
    history = client.get(draft.get_history_url()).content.decode()

    assert "Measurable results" in details and 'id="replication"' not in details and "timeline" not in details
    assert 'id="replication"' in spread and "Measurable results" not in spread and "timeline" not in spread
    assert '<ol class="timeline">' in history and 'id="replication"' not in history
    assert "Created the model" in visible_text(history)


def test_the_lists_spread_count_opens_the_replication_tab(client, alice):
    source = MovementModelFactory(recognised=True)
    ReplicationFactory(source=source)
    client.force_login(alice)

    page = client.get("/models/").content.decode()

    assert f'href="{source.get_spread_url()}"' in page


def test_a_link_added_returns_to_the_replication_tab(client, reviewer):
    source, model = MovementModelFactory(recognised=True), MovementModelFactory(recognised=True)
    client.force_login(reviewer)

    response = client.post(f"/models/{model.pk}/replications/", {"source": source.code, "kind": "adopted"})

    assert response["Location"] == model.get_spread_url()


# The rights read with the row ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "reviewer", "nobody"])
def test_the_rights_read_with_the_row_are_the_querysets_answers(request, agency, other_agency, who):
    user = request.getfixturevalue(who)
    models = [
        MovementModelFactory(owner_agency=agency),
        MovementModelFactory(owner_agency=agency, submitted=True),
        MovementModelFactory(owner_agency=other_agency, recognised=True),
    ]
    for model in MovementModel.objects.with_rights_of(user).filter(pk__in=[m.pk for m in models]):
        for name in RIGHTS:
            expected = getattr(MovementModel.objects, name)(user).filter(pk=model.pk).exists()
            assert getattr(model, f"right_{name}") == expected, (who, model.status, name)


def test_a_page_fetched_with_the_rights_asks_nothing_more_for_its_buttons(reviewer, agency):
    model = MovementModel.objects.with_rights_of(reviewer).get(pk=MovementModelFactory(recognised=True).pk)

    with CaptureQueriesContext(connection) as queries:
        moves = allowed_moves(model, reviewer)
        rights = (sees(model, reviewer), acts_for_owner(model, reviewer), edits(model, reviewer))

    assert len(queries) == 0
    assert "flag" in moves and decides(model, reviewer) and rights == (True, False, False)


def test_rights_read_for_one_user_are_not_taken_for_another(alice, bob, agency):
    model = MovementModel.objects.with_rights_of(alice).get(pk=MovementModelFactory(owner_agency=agency).pk)

    assert edits(model, alice) and not edits(model, bob)  # bob's are asked, not alice's reused
