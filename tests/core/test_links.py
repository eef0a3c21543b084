"""core.links.reverse_pk gives what reverse() gives, without reversing for each row of a list."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from core.links import address, reverse_pk


@pytest.mark.parametrize(
    "viewname", ["models_registry:detail", "models_registry:spread", "meetings:detail", "meetings:directive_detail"]
)
@pytest.mark.parametrize("pk", [1, 42, 1_000_000])
def test_the_same_address_as_reverse(viewname, pk):
    assert reverse_pk(viewname, pk) == reverse(viewname, args=[pk])


@pytest.mark.parametrize("viewname", ["models_registry:list", "meetings:directive_list", "dashboard:index"])
def test_an_address_without_arguments_is_what_reverse_gives(viewname):
    assert address(viewname) == reverse(viewname)


def test_a_deployment_under_a_sub_path_gets_its_prefix():
    assert reverse_pk("models_registry:detail", 7) == "/models/7/"
    assert address("models_registry:list") == "/models/"
    set_script_prefix("/danvan/")
    try:
        assert reverse_pk("models_registry:detail", 7) == "/danvan/models/7/"
        assert reverse("models_registry:detail", args=[7]) == "/danvan/models/7/"
        assert address("models_registry:list") == "/danvan/models/"
    finally:
        clear_script_prefix()
    assert reverse_pk("models_registry:detail", 7) == "/models/7/"
    assert address("models_registry:list") == "/models/"


def test_the_model_list_links_each_row_to_its_page(client, db, leader):
    from tests.factories import MovementModelFactory

    model = MovementModelFactory(recognised=True)
    client.force_login(leader)
    assert f'href="/models/{model.pk}/"' in client.get("/models/").content.decode()
