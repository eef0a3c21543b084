"""The main forms filled with the keyboard only: Tab and Shift+Tab to move, typing, the arrow keys in a
drop-down, Enter and Space to press. An official registers a model (a searchable unit, two co-operating agencies
typed without diacritics, an indicator row added with "Add a row" and another added then removed), and a
secretary records a meeting with its attendees (a row added the same way). The records exist afterwards.

Nothing is clicked or filled by the test: it only reads the page to know where the focus is."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from meetings.models import Meeting
from models_registry.models import AdministrativeUnit, Field, IndicatorType, MovementModel
from tests.factories import AgencyFactory, UserFactory

from .helpers import in_default_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return {id: e.id, name: e.getAttribute("name") || "", text: (e.textContent || "").trim(),
                    value: e.value === undefined ? "" : e.value};
        }"""
    )


def tab_to(page: Page, test, *, backwards=False, limit=150) -> dict:
    """Press Tab (Shift+Tab backwards) until the focused element passes `test`."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        here = focused(page)
        if test(here):
            return here
    raise AssertionError(f"Tab never reached the element (last focused: {here})")


def tab_to_id(page: Page, element_id: str, **kwargs) -> dict:
    return tab_to(page, lambda here: here["id"] == element_id, **kwargs)


def arrow_to(page: Page, value: str, *, limit=60) -> None:
    """In a focused native drop-down, press the Down arrow (then the Up arrow) until the choice is selected."""
    for key in ("ArrowDown", "ArrowUp"):
        for _ in range(limit):
            if focused(page)["value"] == value:
                return
            page.keyboard.press(key)
    raise AssertionError(f"the arrow keys never reached {value!r}")


def search_and_choose(page: Page, text: str) -> None:
    """In a focused searchable drop-down: type a few letters (no diacritics needed) and press Enter."""
    page.keyboard.type(text)
    # The highlighted choice is one that matches what was typed (its matching words are marked).
    expect(page.locator(".ts-dropdown:visible .option.active .highlight").first).to_be_visible()
    page.keyboard.press("Enter")


def selected_values(page: Page, select_id: str) -> list[str]:
    """What the form would send for the select (as the browser submits it)."""
    return page.eval_on_selector(f"#{select_id}", "s => new FormData(s.form).getAll(s.name)")


def test_an_official_registers_a_model_with_the_keyboard_only(live_server, page: Page, log_in, official):
    provincial = AgencyFactory(name="Ban Dân vận Tỉnh ủy")
    farmers = AgencyFactory(name="Hội Nông dân tỉnh")
    economic = Field.objects.get(name="Kinh tế")
    kim_son = AdministrativeUnit.objects.current().get(code="14638")  # Xã Kim Sơn, from migration 0003
    land = IndicatorType.objects.get(name="Diện tích đất hiến")
    workdays = IndicatorType.objects.get(name="Ngày công lao động")
    log_in(official)
    page.goto(f"{live_server.url}/models/new/")

    tab_to_id(page, "id_name")
    page.keyboard.type("Dân vận khéo trong làm đường giao thông nông thôn")
    tab_to_id(page, "id_kind")
    arrow_to(page, "model")
    tab_to_id(page, "id_field")
    arrow_to(page, str(economic.pk))
    tab_to_id(page, "id_level")
    arrow_to(page, "commune")
    # The searchable drop-downs: their search box follows the select's label.
    tab_to_id(page, "id_registered_unit-ts-control")
    search_and_choose(page, "kim son")
    assert selected_values(page, "id_registered_unit") == [str(kim_son.pk)]
    tab_to_id(page, "id_cooperating_agencies-ts-control")
    search_and_choose(page, "tinh uy")
    search_and_choose(page, "nong dan")  # a second choice is added to the first, not put in its place
    assert sorted(selected_values(page, "id_cooperating_agencies")) == sorted([str(provincial.pk), str(farmers.pk)])
    page.keyboard.press("Escape")
    tab_to_id(page, "id_year_started")
    page.keyboard.type("2022")
    for name, text in (("description", "Vận động hiến đất."), ("approach", "Họp dân."), ("results", "2 km.")):
        tab_to_id(page, f"id_{name}")
        page.keyboard.type(text)

    # The first blank indicator row, then a row added with the button (the focus moves into it).
    tab_to_id(page, "id_indicators-0-indicator_type")
    arrow_to(page, str(land.pk))
    page.keyboard.press("Tab")
    page.keyboard.type("3500")
    page.keyboard.press("Tab")
    page.keyboard.type("2023")
    add_row = in_default_language("Add a row")
    tab_to(page, lambda here: here["text"] == add_row)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_indicators-3-indicator_type"
    arrow_to(page, str(workdays.pk))
    page.keyboard.press("Tab")
    page.keyboard.type("1200")
    page.keyboard.press("Tab")
    page.keyboard.type("2023")
    # One more row, typed into, then taken out again with its "Remove this row" button (Space presses it).
    tab_to(page, lambda here: here["text"] == add_row)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_indicators-4-indicator_type"
    page.keyboard.press("Tab")
    page.keyboard.type("999")
    tab_to(page, lambda here: here["text"] == in_default_language("Remove this row"))
    page.keyboard.press("Space")
    expect(page.locator("#id_indicators-4-value")).to_have_count(0)
    assert page.locator("#id_indicators-TOTAL_FORMS").input_value() == "4"

    save = in_default_language("Save")
    tab_to(page, lambda here: here["text"] == save)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/models/\d+/$"))

    model = MovementModel.objects.get()
    assert (model.field, model.level, model.registered_unit, model.owner_agency) == (
        economic,
        "commune",
        kim_son,
        official.agency,
    )
    assert set(model.cooperating_agencies.all()) == {provincial, farmers}
    assert sorted(model.indicators.values_list("indicator_type", "value", "year")) == sorted(
        [(land.pk, 3500, 2023), (workdays.pk, 1200, 2023)]
    )


def test_a_secretary_records_a_meeting_with_the_keyboard_only(live_server, page: Page, log_in, role_groups):
    committee = AgencyFactory(name="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh")
    kim_son = AgencyFactory(name="Ban Dân vận Huyện ủy Kim Sơn")
    secretary = UserFactory(username="sam", agency=None, roles=[Role.SECRETARY])
    log_in(secretary)
    page.goto(f"{live_server.url}/meetings/new/")

    tab_to_id(page, "id_title")
    page.keyboard.type("Hội nghị sơ kết phong trào")
    tab_to_id(page, "id_kind")
    arrow_to(page, "conference")
    tab_to_id(page, "id_organisers-ts-control")
    search_and_choose(page, "chi dao")
    assert selected_values(page, "id_organisers") == [str(committee.pk)]
    page.keyboard.press("Escape")
    tab_to_id(page, "id_date")
    page.keyboard.type("16/01/2024")
    tab_to_id(page, "id_start_time")
    page.keyboard.type("14:30")
    tab_to_id(page, "id_place")
    page.keyboard.type("Hội trường Tỉnh ủy")

    # The chair in the first row, with an agency searched for in the row's drop-down.
    tab_to_id(page, "id_attendees-0-full_name")
    page.keyboard.type("Mai Văn Tuất")
    page.keyboard.press("Tab")
    page.keyboard.type("Trưởng ban")
    tab_to_id(page, "id_attendees-0-agency-ts-control")
    search_and_choose(page, "kim son")
    tab_to_id(page, "id_attendees-0-role")
    arrow_to(page, "chair")
    # Back up one field with Shift+Tab to give the agency's name as it was that day.
    tab_to_id(page, "id_attendees-0-agency_name", backwards=True)
    page.keyboard.type("Ban Dân vận Huyện ủy Kim Sơn (cũ)")
    # A seventh row, past the six the page showed.
    tab_to(page, lambda here: here["text"] == in_default_language("Add a row"))
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_attendees-6-full_name"
    page.keyboard.type("Đỗ Việt Anh")

    save = in_default_language("Save as draft")
    tab_to(page, lambda here: here["text"] == save)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))

    meeting = Meeting.objects.get()
    assert list(meeting.organisers.all()) == [committee]
    assert str(meeting.date) == "2024-01-16" and str(meeting.start_time) == "14:30:00"
    attendees = meeting.attendances.order_by("order").values_list("full_name", "agency", "agency_name", "role")
    assert list(attendees) == [
        ("Mai Văn Tuất", kim_son.pk, "Ban Dân vận Huyện ủy Kim Sơn (cũ)", "chair"),
        ("Đỗ Việt Anh", None, "", "attendee"),
    ]
