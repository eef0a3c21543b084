"""A reviewer flags a model, the owning agency's official answers, and the reviewer removes it: the list
counts one model fewer and the model's history tab shows the whole timeline.

Every step goes through the pages (links, forms, radio buttons) as the two people use them; labels are
read in the default interface language.
"""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from models_registry.choices import FlagOutcome, ModelStatus, Transition
from models_registry.models import MovementModel
from tests.factories import AgencyFactory, MovementModelFactory, UserFactory

from .helpers import in_default_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_model_is_flagged_answered_and_removed_from_the_list(live_server, page, log_in, official):
    reviewer = UserFactory(username="roy", agency=AgencyFactory(name="Ban Dân vận Tỉnh ủy"), roles=[Role.REVIEWER])
    model = MovementModelFactory(
        recognised=True, owner_agency=official.agency, name="Tổ tự quản đường làng xóm 3, xã Kim Chính"
    )
    MovementModelFactory.create_batch(2, recognised=True, owner_agency=official.agency)

    def listed_count() -> str:
        page.goto(f"{live_server.url}/models/")
        return page.locator("#result-count").inner_text().strip()

    # The reviewer flags the model.
    log_in(reviewer)
    assert listed_count().startswith("3 ")
    page.goto(f"{live_server.url}{model.get_absolute_url()}")
    page.get_by_role("link", name=in_default_language("Flag as possibly ineffective")).click()
    page.select_option("#id_reason", "inactive")
    page.fill("#id_explanation", "Kiểm tra thực tế: hai năm nay tổ không họp, không ra quân.")
    # The answer deadline is proposed (REVIEW_ANSWER_DAYS from today) and kept as proposed.
    page.get_by_role("button", name=in_default_language("Confirm")).click()
    page.wait_for_url(f"{live_server.url}{model.get_absolute_url()}")
    expect(page.locator(".status-badge, .badge").first).to_be_visible()

    # The official sees the flag on the home page, opens the model and answers.
    log_in(official)
    page.locator(".flag-panel").get_by_role("link", name=model.name, exact=False).click()
    page.wait_for_url(f"{live_server.url}{model.get_absolute_url()}")
    page.get_by_role("link", name=in_default_language("Answer the flag")).click()
    page.fill("#id_answer", "Tổ đã ngừng hoạt động từ năm 2023; đơn vị thống nhất đưa ra khỏi danh sách.")
    page.get_by_role("button", name=in_default_language("Confirm")).click()
    page.wait_for_url(f"{live_server.url}{model.get_absolute_url()}")

    # The reviewer decides to remove it, with the decision's number and date.
    log_in(reviewer)
    page.goto(f"{live_server.url}{model.get_absolute_url()}")
    page.get_by_role("link", name=in_default_language("Decide: keep or remove")).click()
    page.get_by_label(in_default_language("Remove the model from the list")).check()
    page.fill("#id_comment", "Không còn hiệu quả.")
    page.fill("#id_decision_number", "215/QĐ-BCĐ")
    page.fill("#id_decision_date", datetime.date.today().strftime("%d/%m/%Y"))
    page.get_by_role("button", name=in_default_language("Confirm")).click()
    page.wait_for_url(f"{live_server.url}{model.get_absolute_url()}")

    # The list counts one model fewer; the model stays readable with its whole timeline.
    assert listed_count().startswith("2 ")
    page.goto(f"{live_server.url}{model.get_absolute_url()}")
    page.locator(".tabs").get_by_role("link", name=in_default_language("History")).click()
    expect(page).to_have_url(f"{live_server.url}{model.get_history_url()}")
    timeline = page.locator("ol.timeline").inner_text()
    steps = [
        in_default_language(label)
        for label in ("Removed from the list", "Answered the flag", "Flagged as possibly ineffective")
    ]
    positions = [timeline.index(step) for step in steps]
    assert positions == sorted(positions)  # newest first
    assert "215/QĐ-BCĐ" in timeline and "Kiểm tra thực tế" in page.content()

    model.refresh_from_db()
    assert model.status == ModelStatus.REMOVED
    assert list(model.events.values_list("transition", flat=True)) == [
        Transition.FLAG, Transition.ANSWER, Transition.REMOVE
    ]
    assert model.flags.get().outcome == FlagOutcome.REMOVED
    assert not MovementModel.objects.in_list().filter(pk=model.pk).exists()
