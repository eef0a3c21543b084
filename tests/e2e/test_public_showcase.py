"""A visitor with no account opens the public showcase in a real browser: searches without diacritics, opens a
model, sees its photo, and switches to English, with no cookie set along the way."""

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from compilations import services
from tests.compilations.factories import CompilationFactory, ListedModelFactory, NominationFactory
from tests.factories import IndicatorTypeFactory, ModelIndicatorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_searches_opens_a_model_and_switches_to_english(live_server, page: Page, reference_data):
    reviewer = UserFactory(username="rita", roles=[Role.REVIEWER])
    model = ListedModelFactory(name="Đường làng hiến đất Kim Chính")
    ListedModelFactory(name="Thắp sáng đường quê")
    ModelIndicatorFactory(model=model, indicator_type=IndicatorTypeFactory(name="Diện tích đất hiến"), value=3500)
    compilation = CompilationFactory(created_by=reviewer, title="100 mô hình tiêu biểu 2021–2025")
    NominationFactory(compilation=compilation, model=model, written_up=True,
                      write_up="Nhân dân tự nguyện hiến đất mở rộng đường liên thôn.")
    services.compilation_publish(compilation=compilation, user=reviewer)

    page.goto(f"{live_server.url}/public/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dân vận khéo")
    page.fill("#hero-q", "duong lang hien dat")
    page.press("#hero-q", "Enter")
    expect(page).to_have_url(f"{live_server.url}/public/models/?q=duong+lang+hien+dat")
    results = page.locator(".results .model-card")
    expect(results).to_have_count(1)

    results.get_by_role("link", name=model.name).click()
    expect(page).to_have_url(f"{live_server.url}/public/models/{model.code}/")
    expect(page.get_by_text("Nhân dân tự nguyện hiến đất")).to_be_visible()
    photo = page.locator("img.model-photo")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") > 0
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/public/en/models/{model.code}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Measurable results")).to_be_visible()
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(f"{live_server.url}/public/models/{model.code}/")

    assert page.context.cookies() == []  # no session, no CSRF token, no language cookie
