"""Who may do what: every view of the registry against every role, as a full matrix.

Columns (actors): anonymous; nobody (signed in, no role); alice, official of `agency`; alice again but
acting on models of `sub_agency`, which lies beneath her agency ("own agency and below"); bob, official
of `other_agency`; reviewer; secretary; leader; administrator.

The Kim Sơn side's models (`draft`, `submitted`) belong to alice's agency, or to the sub-agency in the
alice_on_sub_agency column. `recognised` belongs to bob's agency. Every refused POST leaves the
database as it was.
"""

from urllib.parse import quote

import pytest

from models_registry.choices import ModelStatus
from models_registry.models import MovementModel
from tests.factories import (
    AdministrativeUnitFactory,
    FieldFactory,
    ModelAttachmentFactory,
    ModelIndicatorFactory,
    MovementModelFactory,
)

from .helpers import edit_model_data, in_default_language, new_model_data, shows

ACTORS = [
    "anonymous",
    "nobody",
    "alice",
    "alice_on_sub_agency",
    "bob",
    "reviewer",
    "secretary",
    "leader",
    "administrator",
]
LOGIN = "redirect to the login page"
ADMIN_LOGIN = "redirect to the admin login page"
ONLY_OWNING_AGENCY = "Only officials of the owning agency (or an agency above it) can change this model."


def matrix(**expected):
    """Parametrise a test over every actor, with the outcome each one must get."""
    assert set(expected) == set(ACTORS), set(ACTORS) ^ set(expected)
    return pytest.mark.parametrize(
        ("actor", "expected"), [pytest.param(actor, expected[actor], id=actor) for actor in ACTORS]
    )


def everyone(outcome, **exceptions):
    return {actor: exceptions.get(actor, outcome) for actor in ACTORS}


@pytest.fixture
def user(actor, request, client):
    """The actor, signed in (None for anonymous)."""
    if actor == "anonymous":
        return None
    person = request.getfixturevalue("alice" if actor == "alice_on_sub_agency" else actor)
    client.force_login(person)
    return person


@pytest.fixture
def home_agency(actor, request):
    """The agency whose models the "own" cells talk about."""
    return request.getfixturevalue("sub_agency" if actor == "alice_on_sub_agency" else "agency")


@pytest.fixture
def draft(home_agency):
    model = MovementModelFactory(owner_agency=home_agency, name="Bản nháp của Kim Sơn")
    ModelIndicatorFactory(model=model)  # complete, so that submitting it can succeed
    return model


@pytest.fixture
def submitted(home_agency):
    return MovementModelFactory(owner_agency=home_agency, submitted=True)


@pytest.fixture
def recognised(other_agency):
    return MovementModelFactory(owner_agency=other_agency, recognised=True, name="Mô hình của Yên Mô")


def snapshot(model) -> dict:
    """Everything an edit or a transition could change."""
    row = MovementModel.objects.filter(pk=model.pk).values().get()
    row.pop("updated_at")
    indicators = model.indicators.values_list("indicator_type_id", "year", "value").order_by("pk")
    row["indicators"] = list(indicators)
    row["cooperating"] = sorted(model.cooperating_agencies.values_list("pk", flat=True))
    return row


def assert_outcome(response, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={quote(url)}"
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={quote(url)}"
    else:
        assert response.status_code == expected


TO_DASHBOARD = "redirect to the dashboard"


@matrix(**everyone(200, anonymous=LOGIN, leader=TO_DASHBOARD))
def test_home(client, user, actor, expected):
    response = client.get("/")
    if expected == TO_DASHBOARD:  # a leader, who has no work of their own on the home page, lands there
        assert (response.status_code, response["Location"]) == (302, "/dashboard/")
        return
    assert_outcome(response, expected, "/")


@matrix(**everyone(200, anonymous=LOGIN, nobody=403))
def test_list(client, user, actor, expected, recognised):
    response = client.get("/models/")
    assert_outcome(response, expected, "/models/")
    if expected == 200:
        assert recognised.name in response.content.decode()


@matrix(
    **everyone(404, anonymous=LOGIN, alice=200, alice_on_sub_agency=200),
)
def test_detail_of_kim_son_draft(client, user, actor, expected, draft):
    url = f"/models/{draft.pk}/"
    response = client.get(url)
    assert_outcome(response, expected, url)
    if expected == 200:
        assert draft.name in response.content.decode()
    else:
        assert draft.name not in response.content.decode()


@matrix(**everyone(200, anonymous=LOGIN, nobody=404))
def test_detail_of_recognised_model(client, user, actor, expected, recognised):
    url = f"/models/{recognised.pk}/"
    response = client.get(url)
    assert_outcome(response, expected, url)
    if expected == 200:
        assert recognised.name in response.content.decode()


@matrix(**everyone(403, anonymous=LOGIN, alice=200, alice_on_sub_agency=200, bob=200))
def test_new_model_form(client, user, actor, expected):
    response = client.get("/models/new/")
    assert_outcome(response, expected, "/models/new/")


@matrix(**everyone(403, anonymous=LOGIN, alice=302, alice_on_sub_agency=302, bob=302))
def test_new_model_post(client, user, actor, expected, home_agency):
    owner = user.agency if actor == "bob" else home_agency
    unit, field = AdministrativeUnitFactory(), FieldFactory()
    data = new_model_data(owner_agency=owner, registered_unit=unit, field=field, name="Mô hình mới")
    response = client.post("/models/new/", data)
    assert_outcome(response, expected, "/models/new/")
    created = MovementModel.objects.filter(name="Mô hình mới")
    if expected == 302:
        model = created.get()
        assert (model.owner_agency, model.created_by, model.status) == (owner, user, ModelStatus.DRAFT)
        assert response["Location"] == f"/models/{model.pk}/"
    else:
        assert not created.exists()


@matrix(**everyone(404, anonymous=LOGIN, alice=200, alice_on_sub_agency=200))
def test_edit_form_of_kim_son_draft(client, user, actor, expected, draft):
    url = f"/models/{draft.pk}/edit/"
    response = client.get(url)
    assert_outcome(response, expected, url)


@matrix(**everyone(404, anonymous=LOGIN, alice=302, alice_on_sub_agency=302))
def test_edit_kim_son_draft(client, user, actor, expected, draft):
    url = f"/models/{draft.pk}/edit/"
    before = snapshot(draft)
    response = client.post(url, edit_model_data(draft, name="Đã sửa"))
    assert_outcome(response, expected, url)
    draft.refresh_from_db()
    if expected == 302:
        assert (draft.name, draft.version) == ("Đã sửa", before["version"] + 1)
    else:
        assert snapshot(draft) == before


@matrix(**everyone(403, anonymous=LOGIN, nobody=404, bob=200))
def test_edit_form_of_other_agencys_recognised_model(client, user, actor, expected, recognised):
    url = f"/models/{recognised.pk}/edit/"
    response = client.get(url)
    assert_outcome(response, expected, url)
    if expected == 403:
        assert shows(response, ONLY_OWNING_AGENCY)


@matrix(**everyone(403, anonymous=LOGIN, nobody=404, bob=302))
def test_edit_other_agencys_recognised_model(client, user, actor, expected, recognised):
    url = f"/models/{recognised.pk}/edit/"
    before = snapshot(recognised)
    response = client.post(url, edit_model_data(recognised, name="Đã sửa"))
    assert_outcome(response, expected, url)
    recognised.refresh_from_db()
    if expected == 302:
        assert recognised.name == "Đã sửa"
    else:
        assert snapshot(recognised) == before
    if expected == 403:
        assert shows(response, ONLY_OWNING_AGENCY)


@matrix(**everyone(403, anonymous=LOGIN, nobody=404))
def test_edit_form_of_submitted_model(client, user, actor, expected, submitted):
    url = f"/models/{submitted.pk}/edit/"
    response = client.get(url)
    assert_outcome(response, expected, url)


@matrix(**everyone(403, anonymous=LOGIN, nobody=404))
def test_edit_submitted_model(client, user, actor, expected, submitted):
    url = f"/models/{submitted.pk}/edit/"
    before = snapshot(submitted)
    response = client.post(url, edit_model_data(submitted, name="Đã sửa"))
    assert_outcome(response, expected, url)
    assert snapshot(submitted) == before


@matrix(**everyone(404, anonymous=LOGIN, alice=302, alice_on_sub_agency=302))
def test_submit_kim_son_draft(client, user, actor, expected, draft):
    url = f"/models/{draft.pk}/submit/"
    before = snapshot(draft)
    response = client.post(url)
    assert_outcome(response, expected, url)
    draft.refresh_from_db()
    if expected == 302:
        assert draft.status == ModelStatus.SUBMITTED
    else:
        assert snapshot(draft) == before


@matrix(**everyone(404, anonymous=LOGIN, alice=200, alice_on_sub_agency=200))
def test_download_attachment_of_kim_son_draft(client, user, actor, expected, draft):
    attachment = ModelAttachmentFactory(model=draft)
    url = f"/models/{draft.pk}/attachments/{attachment.pk}/"
    response = client.get(url)
    assert_outcome(response, expected, url)
    if expected == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test evidence"


@matrix(**everyone(200, anonymous=LOGIN, nobody=404))
def test_download_attachment_of_recognised_model(client, user, actor, expected, recognised):
    attachment = ModelAttachmentFactory(model=recognised)
    url = f"/models/{recognised.pk}/attachments/{attachment.pk}/"
    response = client.get(url)
    assert_outcome(response, expected, url)
    if expected == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test evidence"


# The admin site has its own login page; only staff get in.
@matrix(**everyone(ADMIN_LOGIN, administrator=200))
def test_admin_site(client, user, actor, expected):
    response = client.get("/admin/")
    assert_outcome(response, expected, "/admin/")


def test_official_cannot_edit_other_agencys_model(client, alice, recognised):
    """The refusal says why, and the model keeps its content."""
    client.force_login(alice)
    response = client.post(f"/models/{recognised.pk}/edit/", edit_model_data(recognised, name="Chiếm quyền"))
    assert response.status_code == 403
    assert shows(response, ONLY_OWNING_AGENCY)
    recognised.refresh_from_db()
    assert (recognised.name, recognised.version) == ("Mô hình của Yên Mô", 1)


def test_official_cannot_edit_submitted_model_of_own_agency(client, alice, agency):
    submitted = MovementModelFactory(owner_agency=agency, submitted=True)
    client.force_login(alice)
    response = client.post(f"/models/{submitted.pk}/edit/", edit_model_data(submitted, name="Đã sửa"))
    assert response.status_code == 403
    submitted_label = in_default_language("Submitted")
    assert shows(response, "A model that is “%(status)s” cannot be changed.", status=submitted_label)
    submitted.refresh_from_db()
    assert submitted.name != "Đã sửa"


def test_official_cannot_register_model_for_other_agency(client, alice, other_agency):
    client.force_login(alice)
    data = new_model_data(
        owner_agency=other_agency, registered_unit=AdministrativeUnitFactory(), field=FieldFactory()
    )
    response = client.post("/models/new/", data)
    assert response.status_code == 200
    assert "invalid_choice" in [e.code for e in response.context["form"].errors.as_data()["owner_agency"]]
    assert not MovementModel.objects.exists()


def test_official_without_agency_cannot_open_new_model_form(client, alice):
    alice.agency = None
    alice.save()
    client.force_login(alice)
    response = client.get("/models/new/")
    assert response.status_code == 403
    assert shows(response, "Your account belongs to no agency; ask an administrator to set it.")


def test_nav_offers_new_model_only_to_officials(client, alice, reviewer):
    client.force_login(reviewer)
    assert 'href="/models/new/"' not in client.get("/").content.decode()
    client.force_login(alice)
    assert 'href="/models/new/"' in client.get("/").content.decode()

