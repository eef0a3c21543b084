"""An official registers a model in a real browser and finds it again by typing without diacritics.

Everything goes through the pages as a person uses them: the login form (django-axes checks it), the
navigation, the model form with an indicator row, the detail page, and the list's search. Elements
are found by id, name, role and href; the few labels used are read in the default interface language.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from models_registry.choices import ModelStatus
from models_registry.models import AdministrativeUnit, Field, IndicatorType, MovementModel
from tests.factories import MovementModelFactory

from .helpers import PASSWORD, in_default_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Dân vận khéo trong vận động hiến đất làm đường ở thôn Đông"
DESCRIPTION = "Vận động nhân dân thôn Đông hiến đất, góp ngày công mở rộng đường liên thôn."
APPROACH = "Họp dân từng xóm; công khai phương án; cán bộ, đảng viên hiến đất trước."
RESULTS = "Mở rộng 1,2 km đường; 46 hộ hiến 3.500 m² đất."


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    form = page.locator("form[action='/accounts/login/']")
    form.locator("[name=username]").fill(username)
    form.locator("[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/")


def main_navigation(page: Page):
    return page.get_by_role("navigation", name=in_default_language("Main navigation"))


def search_models(page: Page, text: str, *, status: str = "") -> None:
    search = page.get_by_role("search")
    search.locator("[name=q]").fill(text)
    search.locator("[name=status]").select_option(status)
    search.locator("button[type=submit]").click()


def test_official_registers_a_model_and_finds_it_without_diacritics(live_server, page: Page, official):
    economic = Field.objects.get(name="Kinh tế")
    kim_son = AdministrativeUnit.objects.current().get(code="14638")  # Xã Kim Sơn, from migration 0003
    land_donated = IndicatorType.objects.get(name="Diện tích đất hiến")
    # A model in the list that the search must leave out.
    other = MovementModelFactory(recognised=True, name="Chi hội phụ nữ tiết kiệm", description="")

    log_in(page, live_server.url, "alice")

    main_navigation(page).get_by_role("link", name=in_default_language("New model"), exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/models/new/")

    page.locator("#id_name").fill(NAME)
    page.locator("#id_kind").select_option("model")
    page.locator("#id_field").select_option(str(economic.pk))
    page.locator("#id_level").select_option("commune")
    expect(page.locator("#id_owner_agency")).to_have_value(str(official.agency_id))  # the official's own agency
    page.locator("#id_registered_unit").select_option(str(kim_son.pk))
    page.locator("#id_year_started").fill("2022")
    page.locator("#id_description").fill(DESCRIPTION)
    page.locator("#id_approach").fill(APPROACH)
    page.locator("#id_results").fill(RESULTS)
    page.locator("#id_indicators-0-indicator_type").select_option(str(land_donated.pk))
    page.locator("#id_indicators-0-value").fill("3500")
    page.locator("#id_indicators-0-year").fill("2023")
    page.locator("form.model-form button[type=submit]").click()

    # The detail page of the new draft.
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/models/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    model = MovementModel.objects.get(name=NAME)
    assert page.url == f"{live_server.url}{model.get_absolute_url()}"
    expect(page.get_by_role("status")).to_contain_text(model.code)
    assert (model.status, model.owner_agency, model.created_by) == (ModelStatus.DRAFT, official.agency, official)
    assert (model.field, model.registered_unit, model.level, model.year_started) == (
        economic,
        kim_son,
        "commune",
        2022,
    )
    assert (model.description, model.approach, model.results) == (DESCRIPTION, APPROACH, RESULTS)
    assert [(i.indicator_type, i.year, i.value) for i in model.indicators.all()] == [(land_donated, 2023, 3500)]

    # The list shows the models in the list by default; a draft is not among them.
    main_navigation(page).get_by_role("link", name=in_default_language("Models"), exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/models/")
    results = page.locator("section.results")
    expect(results.get_by_role("link", name=other.name)).to_be_visible()
    search_models(page, "duong o thon dong")
    expect(results.get_by_role("link", name=NAME)).to_have_count(0)

    # With "All statuses", typing without diacritics finds it, and only it. The search matches the
    # folded text as one substring (models_registry.search), so the words are typed as they follow
    # each other in the name.
    for text in ("duong o thon dong", "dan van kheo trong van dong", "DAN VAN KHEO"):
        search_models(page, text, status="all")
        expect(page).to_have_url(re.compile(r"[?&]status=all(&|$)"))
        expect(results.get_by_role("link", name=NAME)).to_be_visible()
        expect(results.locator("tbody tr")).to_have_count(1)

    results.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(f"{live_server.url}{model.get_absolute_url()}")


def test_the_rows_labels_follow_the_rows_shown_when_one_is_taken_out(live_server, page: Page, official):
    log_in(page, live_server.url, official.username)
    page.goto(f"{live_server.url}/models/new/")
    page.get_by_role("button", name=in_default_language("Add a row")).click()  # a fourth row, index 3
    rows = page.locator("[data-formset=indicators] [data-formset-row]")
    rows.nth(1).get_by_role("button", name=in_default_language("Remove this row")).click()  # hidden, not the last
    expect(rows.nth(1)).to_be_hidden()

    def label_of(control_id: str) -> str:
        return page.locator(f"label[for={control_id}]").inner_text()

    value = in_default_language("Value")
    assert label_of("id_indicators-0-value").endswith(" 1") and label_of("id_indicators-0-value").startswith(value)
    assert label_of("id_indicators-2-value").endswith(" 2")
    assert label_of("id_indicators-3-value").endswith(" 3")
