"""A leader logs in, lands on the dashboard, reads the figures and the charts, and follows a figure to the list."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from models_registry.choices import ModelStatus
from models_registry.models import AdministrativeUnit, Field
from tests.factories import AgencyFactory, MovementModelFactory, UserFactory

from .helpers import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(reference_data):
    """11 models in the list today; 3 new in 2022, 9 in 2023, one of which was removed in 2024."""
    agency = AgencyFactory(name="Ban Dân vận Huyện ủy Kim Sơn", short_name="BDV Kim Sơn")
    units = list(AdministrativeUnit.objects.current().filter(level="commune").order_by("code")[:3])
    fields = list(Field.objects.all())
    for number in range(12):
        MovementModelFactory(
            recognised=True,
            owner_agency=agency,
            registered_unit=units[number % 3],
            field=fields[number % len(fields)],
            recognition_year=2022 if number < 3 else 2023,
            **({"status": ModelStatus.REMOVED, "removal_year": 2024} if number == 11 else {}),
        )
    return UserFactory(username="lanhdao", agency=None, roles=[Role.LEADER])


def number_in(text: str) -> int:
    return int(re.sub(r"[.,]", "", re.search(r"[\d.,]+", text).group(0)))


def test_a_leader_reads_the_dashboard_and_follows_a_figure(live_server, page: Page, registry):
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.locator("form[action='/accounts/login/']")
    form.locator("[name=username]").fill(registry.username)
    form.locator("[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")  # a leader lands on the dashboard

    in_list = page.locator("[data-figure=in_list]")
    assert number_in(in_list.inner_text()) == 11
    page.goto(f"{live_server.url}/dashboard/?year=2023")
    assert number_in(page.locator("[data-figure=in_list]").inner_text()) == 12
    assert number_in(page.locator("[data-figure=new]").inner_text()) == 9

    # Chart.js drew the four charts, and they are not blank.
    for chart in ("by_field", "by_agency", "by_unit", "by_year"):
        page.wait_for_function(f"() => window.Chart && Chart.getChart('chart-{chart}') !== undefined")
        painted = page.evaluate(
            """(id) => {
                const canvas = document.getElementById(id);
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
                return painted;
            }""",
            f"chart-{chart}",
        )
        assert painted > 500, chart

    # The figure opens the list of exactly these models.
    page.locator("[data-figure=new]").click()
    expect(page).to_have_url(re.compile(r"/models/\?recognition_year=2023&status=all"))
    assert number_in(page.locator("#result-count").inner_text()) == 9
