"""A reviewer makes a small compilation in a real browser: create it, nominate a model by its code, select
it, write it up with a photo, publish; an official then reads the published entries with the photo shown
(served by the permission-checked view, allowed by the page's Content-Security-Policy)."""

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from compilations.choices import CompilationStatus
from compilations.models import Compilation
from demo.photos import solid_png
from tests.factories import MovementModelFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_makes_and_publishes_a_compilation(live_server, page: Page, log_in, official, tmp_path):
    reviewer = UserFactory(username="rita", roles=[Role.REVIEWER])
    model = MovementModelFactory(recognised=True, owner_agency=official.agency, name="Đường làng sáng – xanh")
    photo = tmp_path / "anh.png"
    photo.write_bytes(solid_png(40, 30))

    log_in(reviewer)
    page.goto(f"{live_server.url}/compilations/new/")
    page.fill("#id_title", "Tuyển tập thử nghiệm")
    page.fill("#id_capacity", "2")
    page.click("button[name=save]")
    compilation = Compilation.objects.get()
    expect(page).to_have_url(f"{live_server.url}{compilation.get_absolute_url()}")

    page.goto(f"{live_server.url}/compilations/{compilation.pk}/nominate/")
    page.fill("#id_code", model.code)
    page.click("button[name=nominate]")
    detail = f"{live_server.url}{compilation.get_absolute_url()}"
    expect(page).to_have_url(detail)
    nomination = compilation.nominations.get()
    page.click(f"form[action$='/nominations/{nomination.pk}/select/'] button")
    expect(page.locator(f"form[action$='/nominations/{nomination.pk}/select/'] input[value='0']")).to_have_count(1)
    page.goto(f"{live_server.url}/compilations/{compilation.pk}/nominations/{nomination.pk}/write-up/")
    page.fill("#id_write_up", "Mô hình thắp sáng đường làng bằng đóng góp của nhân dân.")
    page.set_input_files("#id_photo", str(photo))
    page.click("button[name=save]")
    expect(page).to_have_url(f"{live_server.url}{nomination.get_absolute_url()}")
    page.goto(detail)
    page.click("button[name=publish]")
    expect(page.locator("button[name=publish]")).to_have_count(0)
    compilation.refresh_from_db()
    assert compilation.status == CompilationStatus.PUBLISHED

    log_in(official)
    page.goto(f"{live_server.url}/compilations/{compilation.pk}/entries/")
    expect(page.get_by_text("Mô hình thắp sáng đường làng")).to_be_visible()
    image = page.locator("img.entry-photo")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 40
