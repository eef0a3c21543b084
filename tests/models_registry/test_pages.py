"""What the registry's pages show: escaping, the model's page, the language, the submit flow, home."""

import datetime
import html

import pytest
from django.conf import settings

from models_registry.choices import ModelStatus
from models_registry.models import AdministrativeUnit, IndicatorType
from tests.factories import (
    AdministrativeUnitFactory,
    AgencyFactory,
    FieldFactory,
    ModelAttachmentFactory,
    ModelIndicatorFactory,
    MovementModelFactory,
    UnitSuccessionFactory,
)
from tests.pages import home_panel

from .helpers import in_default_language, shows

SCRIPT = "<script>alert(1)</script>"


def old_unit(code):
    return AdministrativeUnit.objects.get(code=code, valid_from__isnull=True)


# Escaping ----------------------------------------------------------------------------------------


def test_list_escapes_model_name(client, alice):
    MovementModelFactory(recognised=True, name=SCRIPT)
    client.force_login(alice)
    page = client.get("/models/").content.decode()
    assert SCRIPT not in page
    assert html.escape(SCRIPT) in page


def test_detail_escapes_model_name_and_text(client, alice, agency):
    model = MovementModelFactory(owner_agency=agency, name=SCRIPT, description=SCRIPT, results=SCRIPT)
    client.force_login(alice)
    page = client.get(f"/models/{model.pk}/").content.decode()
    assert SCRIPT not in page
    assert html.escape(SCRIPT) in page


def test_search_box_escapes_the_query(client, alice):
    client.force_login(alice)
    page = client.get("/models/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in page


# The model's page --------------------------------------------------------------------------------


@pytest.fixture
def full_model(agency, other_agency):
    model = MovementModelFactory(
        owner_agency=agency,
        recognised=True,
        name="Dân vận khéo trong giải phóng mặt bằng",
        code="DVK-2023-00777",
        field=FieldFactory(name="Kinh tế"),
        level="district",
        year_started=2020,
        recognition_year=2023,
        recognition_decision="123/QĐ-BCĐ",
        recognising_body="Ban Chỉ đạo tỉnh",
        description="Mô tả cách tổ chức.",
        approach="Cách làm: họp dân từng thôn.",
        results="Kết quả: 30 hộ hiến đất.",
        registered_unit=old_unit("14326"),
        is_typical=True,
    )
    model.cooperating_agencies.add(other_agency)
    land = IndicatorType.objects.get(name="Diện tích đất hiến")
    ModelIndicatorFactory(model=model, indicator_type=land, value=3500, year=2023)
    ModelAttachmentFactory(model=model, original_name="bien-ban-hop-dan.pdf")
    return model


@pytest.fixture
def detail(client, alice, full_model):
    client.force_login(alice)
    response = client.get(f"/models/{full_model.pk}/")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "text",
    [
        "Dân vận khéo trong giải phóng mặt bằng",
        "DVK-2023-00777",
        "Ban Dân vận Huyện ủy Kim Sơn",
        "Ban Dân vận Huyện ủy Yên Mô",
        "Kinh tế",
        "Phường Thanh Bình, Thành phố Ninh Bình",
        "<dd>2020</dd>",
        "123/QĐ-BCĐ",
        "Ban Chỉ đạo tỉnh",
        "Mô tả cách tổ chức.",
        "Cách làm: họp dân từng thôn.",
        "Kết quả: 30 hộ hiến đất.",
        "Diện tích đất hiến",
        "bien-ban-hop-dan.pdf",
    ],
)
def test_detail_shows_the_models_facts(detail, text):
    assert (text if text.startswith("<dd>") else html.escape(text, quote=False)) in detail.content.decode()


@pytest.mark.parametrize("label", ["District level", "Recognised", "Typical"])
def test_detail_shows_labels_in_the_interface_language(detail, label):
    assert shows(detail, label)


def test_detail_shows_indicator_value_with_vietnamese_thousands_separator(detail):
    assert "3.500 m²" in detail.content.decode()


def test_detail_links_the_attachment(detail, full_model):
    attachment = full_model.attachments.get()
    assert f'href="/models/{full_model.pk}/attachments/{attachment.pk}/"' in detail.content.decode()


def test_detail_shows_the_unit_today_of_a_unit_merged_in_2025(detail):
    assert [unit.name for unit in detail.context["current_units"]] == ["Phường Hoa Lư"]
    assert shows(detail, "Administrative unit today")
    assert "Phường Hoa Lư" in detail.content.decode()


def test_detail_says_when_a_unit_has_no_recorded_successor(client, alice, agency):
    model = MovementModelFactory(owner_agency=agency, registered_unit=old_unit("14383"))
    client.force_login(alice)
    response = client.get(f"/models/{model.pk}/")
    assert response.context["current_units"] == []
    assert shows(response, "No recorded successor: the sources do not say which unit it was merged into.")


def test_detail_of_abolished_district_shows_the_province_it_is_part_of_today(client, alice, agency):
    model = MovementModelFactory(owner_agency=agency, level="district", registered_unit=old_unit("372"))
    client.force_login(alice)
    response = client.get(f"/models/{model.pk}/")
    assert [(u.code, u.name) for u in response.context["current_units"]] == [("37", "Tỉnh Ninh Bình")]


def test_detail_of_a_unit_split_in_two_shows_both_units_today(client, alice, agency):
    split = AdministrativeUnitFactory(valid_to=datetime.date(2025, 6, 30))
    north = AdministrativeUnitFactory(name="Xã Thử Nghiệm Bắc")
    south = AdministrativeUnitFactory(name="Xã Thử Nghiệm Nam")
    for successor in (south, north):
        UnitSuccessionFactory(predecessor=split, successor=successor, share="part")
    model = MovementModelFactory(owner_agency=agency, registered_unit=split)
    client.force_login(alice)
    response = client.get(f"/models/{model.pk}/")
    assert "Xã Thử Nghiệm Bắc; Xã Thử Nghiệm Nam" in response.content.decode()


def test_detail_of_a_current_unit_has_no_today_line(client, alice, agency):
    hoa_lu = AdministrativeUnit.objects.get(code="14329", valid_to__isnull=True)
    model = MovementModelFactory(owner_agency=agency, registered_unit=hoa_lu)
    client.force_login(alice)
    response = client.get(f"/models/{model.pk}/")
    assert not shows(response, "Administrative unit today")


def test_detail_offers_edit_only_to_who_may_edit(client, alice, bob, full_model):
    edit_link = f'href="/models/{full_model.pk}/edit/"'
    client.force_login(alice)
    assert edit_link in client.get(f"/models/{full_model.pk}/").content.decode()
    client.force_login(bob)
    assert edit_link not in client.get(f"/models/{full_model.pk}/").content.decode()


# Language ----------------------------------------------------------------------------------------


def test_interface_is_vietnamese_even_for_an_english_browser(client, alice):
    client.force_login(alice)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="vi">' in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_language_switch_turns_the_interface_to_english(client, alice):
    client.force_login(alice)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/models/"})
    assert response.status_code == 302
    assert response["Location"] == "/models/"
    page = client.get("/models/")
    assert '<html lang="en">' in page.content.decode()
    assert "No model matches these filters." in page.content.decode()


def test_language_switch_works_on_the_login_page(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()


def test_language_switch_back_to_vietnamese(client, alice):
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_unknown_language_cookie_falls_back_to_vietnamese(client, alice):
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="vi">' in client.get("/").content.decode()


# Submitting --------------------------------------------------------------------------------------


@pytest.fixture
def complete_draft(agency):
    model = MovementModelFactory(owner_agency=agency)
    ModelIndicatorFactory(model=model)
    return model


def submit(client, model):
    response = client.post(f"/models/{model.pk}/submit/", follow=True)
    assert response.redirect_chain == [(f"/models/{model.pk}/", 302)]
    return response


def test_complete_draft_is_submitted(client, alice, complete_draft):
    client.force_login(alice)
    response = submit(client, complete_draft)
    complete_draft.refresh_from_db()
    assert (complete_draft.status, complete_draft.version) == (ModelStatus.SUBMITTED, 2)
    assert shows(response, "The model was submitted for recognition.")


def test_submitted_model_can_no_longer_be_edited(client, alice, complete_draft):
    client.force_login(alice)
    submit(client, complete_draft)
    assert client.get(f"/models/{complete_draft.pk}/edit/").status_code == 403
    page = client.get(f"/models/{complete_draft.pk}/").content.decode()
    assert f"/models/{complete_draft.pk}/edit/" not in page
    assert f"/models/{complete_draft.pk}/submit/" not in page


def test_submitted_model_cannot_be_submitted_again(client, alice, complete_draft):
    client.force_login(alice)
    submit(client, complete_draft)
    response = client.post(f"/models/{complete_draft.pk}/submit/", follow=True)
    complete_draft.refresh_from_db()
    assert complete_draft.status == ModelStatus.SUBMITTED
    assert complete_draft.events.count() == 1
    assert any(message.level_tag == "error" for message in response.context["messages"])


def test_draft_without_results_is_not_submitted(client, alice, agency):
    model = MovementModelFactory(owner_agency=agency, approach="", results="  ")
    ModelIndicatorFactory(model=model)
    client.force_login(alice)
    response = submit(client, model)
    model.refresh_from_db()
    assert (model.status, model.version) == (ModelStatus.DRAFT, 1)
    fields = ", ".join(in_default_language(label) for label in ("approach (how it works)", "results"))
    assert shows(response, "Fill in before submitting: %(fields)s.", fields=fields)


def test_draft_without_indicator_is_not_submitted(client, alice, agency):
    model = MovementModelFactory(owner_agency=agency)
    client.force_login(alice)
    response = submit(client, model)
    model.refresh_from_db()
    assert model.status == ModelStatus.DRAFT
    assert shows(response, "Record at least one measurable indicator before submitting.")


def test_recognised_model_cannot_be_submitted(client, alice, agency):
    model = MovementModelFactory(owner_agency=agency, recognised=True)
    ModelIndicatorFactory(model=model)
    client.force_login(alice)
    response = submit(client, model)
    model.refresh_from_db()
    assert model.status == ModelStatus.RECOGNISED
    assert shows(
        response,
        "“%(action)s” is not possible for a model that is “%(status)s”.",
        action=in_default_language("Submitted for recognition"),
        status=in_default_language("Recognised"),
    )


def test_submit_needs_post(client, alice, complete_draft):
    client.force_login(alice)
    assert client.get(f"/models/{complete_draft.pk}/submit/").status_code == 405
    complete_draft.refresh_from_db()
    assert complete_draft.status == ModelStatus.DRAFT


# Home --------------------------------------------------------------------------------------------


def test_home_counts_the_officials_models_by_status(client, alice, agency, sub_agency, other_agency):
    MovementModelFactory(owner_agency=agency)
    MovementModelFactory(owner_agency=sub_agency)
    MovementModelFactory(owner_agency=agency, submitted=True)
    MovementModelFactory(owner_agency=agency, recognised=True)
    MovementModelFactory(owner_agency=other_agency, recognised=True)
    client.force_login(alice)
    response = client.get("/")
    counts = home_panel(response, "models_registry/panels/agency_models.html")["counts"]
    assert (counts["draft"], counts["submitted"], counts["recognised"], counts["in_list"]) == (2, 1, 1, 1)


def test_home_lists_recently_changed_models_of_the_agency(client, alice, agency, other_agency):
    own = MovementModelFactory(owner_agency=agency, name="Mô hình của Kim Sơn")
    MovementModelFactory(owner_agency=other_agency, recognised=True, name="Mô hình của Yên Mô")
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert own.name in page
    assert "Mô hình của Yên Mô" not in page


def test_home_of_a_role_without_agency_shows_no_counts(client, administrator):
    client.force_login(administrator)
    response = client.get("/")
    assert "status_counts" not in response.context


def test_new_model_form_preselects_the_officials_agency(client, alice, agency):
    AgencyFactory(parent=agency)
    client.force_login(alice)
    response = client.get("/models/new/")
    assert response.context["form"]["owner_agency"].value() == agency.pk


def test_new_model_form_offers_only_own_agency_and_below(client, alice, agency, sub_agency, other_agency):
    client.force_login(alice)
    response = client.get("/models/new/")
    assert set(response.context["form"].fields["owner_agency"].queryset) == {agency, sub_agency}


def test_inactive_agency_is_not_offered_as_owner(client, alice, agency):
    AgencyFactory(parent=agency, is_active=False)
    client.force_login(alice)
    response = client.get("/models/new/")
    assert set(response.context["form"].fields["owner_agency"].queryset) == {agency}

