"""Two people editing the same model: the first save wins, the second is told and changes nothing."""

import pytest
from django.test import Client

from accounts.roles import Role
from models_registry import services
from models_registry.models import MovementModel
from tests.factories import ModelIndicatorFactory, MovementModelFactory, UserFactory

from .helpers import edit_model_data, in_default_language, shows

SOMEBODY_ELSE_SAVED = (
    "Somebody else saved this model while you were editing it. Your changes were not saved: "
    "open the model again to see the current version, then make your changes there."
)


@pytest.fixture
def carol(agency):
    """A second official of alice's agency."""
    return UserFactory(username="carol", agency=agency, roles=[Role.OFFICIAL])


@pytest.fixture
def model(agency):
    return MovementModelFactory(owner_agency=agency, name="Tên ban đầu", results="Kết quả ban đầu")


def open_edit_form(user, model) -> tuple[Client, dict]:
    """Sign in on a browser of one's own, open the edit form, and return the data it would post."""
    browser = Client()
    browser.force_login(user)
    response = browser.get(f"/models/{model.pk}/edit/")
    assert response.status_code == 200
    data = edit_model_data(model)
    assert data["version"] == str(response.context["form"]["version"].value())
    return browser, data


def test_first_save_wins_and_second_is_refused(alice, carol, model):
    alice_browser, alice_form = open_edit_form(alice, model)
    carol_browser, carol_form = open_edit_form(carol, model)

    first = alice_browser.post(f"/models/{model.pk}/edit/", {**alice_form, "name": "Tên của Alice"})
    second = carol_browser.post(f"/models/{model.pk}/edit/", {**carol_form, "results": "Kết quả của Carol"})

    assert first.status_code == 302
    assert second.status_code == 200
    model.refresh_from_db()
    assert (model.name, model.results) == ("Tên của Alice", "Kết quả ban đầu")


def test_second_editor_is_told_somebody_else_saved(alice, carol, model):
    alice_browser, alice_form = open_edit_form(alice, model)
    carol_browser, carol_form = open_edit_form(carol, model)
    alice_browser.post(f"/models/{model.pk}/edit/", {**alice_form, "name": "Tên của Alice"})

    response = carol_browser.post(f"/models/{model.pk}/edit/", {**carol_form, "name": "Tên của Carol"})

    assert list(response.context["form"].non_field_errors()) == [in_default_language(SOMEBODY_ELSE_SAVED)]
    assert shows(response, SOMEBODY_ELSE_SAVED)


def test_each_save_increments_the_version(alice, model):
    browser, form = open_edit_form(alice, model)
    browser.post(f"/models/{model.pk}/edit/", {**form, "name": "Lần 1"})
    browser.post(f"/models/{model.pk}/edit/", edit_model_data(model, name="Lần 2"))
    model.refresh_from_db()
    assert (model.name, model.version) == ("Lần 2", 3)


def test_resubmitting_a_stale_form_is_refused(alice, model):
    # The same person with two tabs open is no exception.
    browser, form = open_edit_form(alice, model)
    browser.post(f"/models/{model.pk}/edit/", {**form, "name": "Tab 1"})
    response = browser.post(f"/models/{model.pk}/edit/", {**form, "name": "Tab 2"})
    assert response.status_code == 200
    model.refresh_from_db()
    assert (model.name, model.version) == ("Tab 1", 2)


def test_form_without_version_is_refused(alice, model):
    browser, form = open_edit_form(alice, model)
    form.pop("version")
    response = browser.post(f"/models/{model.pk}/edit/", {**form, "name": "Không có phiên bản"})
    assert response.status_code == 200
    model.refresh_from_db()
    assert (model.name, model.version) == ("Tên ban đầu", 1)


def update(model, user, version, **data):
    return services.model_update(
        model=MovementModel.objects.get(pk=model.pk), user=user, expected_version=version, data=data
    )


def test_service_refuses_update_at_a_stale_version(alice, model):
    update(model, alice, 1, name="Lần 1")
    with pytest.raises(services.ConcurrentEditError):
        update(model, alice, 1, name="Lần 2")
    model.refresh_from_db()
    assert (model.name, model.version) == ("Lần 1", 2)


def test_service_refused_update_writes_no_history(alice, model):
    update(model, alice, 1, name="Lần 1")
    records = model.history.count()
    with pytest.raises(services.ConcurrentEditError):
        update(model, alice, 1, name="Lần 2")
    assert model.history.count() == records


def test_submitting_moves_the_version_so_an_open_edit_form_is_refused(alice, model):
    ModelIndicatorFactory(model=model)
    browser, form = open_edit_form(alice, model)
    services.model_submit(model=model, user=alice)
    response = browser.post(f"/models/{model.pk}/edit/", {**form, "name": "Sửa sau khi gửi"})
    assert response.status_code == 403
    model.refresh_from_db()
    assert model.name == "Tên ban đầu"
