"""A reviewer records in a real browser where a model came from: adds the link on the replication tab of the
model's page by words of the source's name without diacritics, corrects how it replicates, sees the source's tab
count the spread, and takes the link away; the model's history tab says each step."""

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.factories import AgencyFactory, MovementModelFactory, UserFactory

from .helpers import in_default_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_links_corrects_and_removes_a_replication(live_server, page: Page, log_in):
    reviewer = UserFactory(username="roy", agency=AgencyFactory(name="Ban Dân vận Tỉnh ủy"), roles=[Role.REVIEWER])
    source = MovementModelFactory(recognised=True, name="Tổ hòa giải giỏi thôn Đông")
    replica = MovementModelFactory(recognised=True, name="Tổ hòa giải xóm Bắc")

    log_in(reviewer)
    page.goto(f"{live_server.url}{replica.get_absolute_url()}")
    page.locator(".tabs").get_by_role("link", name=in_default_language("Replication")).click()
    form = page.locator("#replication-form")
    form.get_by_label(in_default_language("Model it replicates")).fill("to hoa giai gioi thon dong")
    form.get_by_role("button", name=in_default_language("Add the link")).click()
    page.wait_for_url(f"{live_server.url}{replica.get_spread_url()}")
    sources = page.locator("#replication-sources")
    expect(sources).to_contain_text(source.code)
    expect(sources).to_contain_text(in_default_language("Adopted as is"))

    # Corrected: adapted rather than adopted as is.
    sources.locator("select[name=kind]").select_option("adapted")
    sources.get_by_role("button", name=in_default_language("Correct")).click()
    page.wait_for_url(f"{live_server.url}{replica.get_spread_url()}")
    expect(page.locator("#replication-sources")).to_contain_text(in_default_language("Adapted"))

    # The source's replication tab counts the spread.
    page.goto(f"{live_server.url}{source.get_spread_url()}")
    expect(page.locator("#replication-spread")).to_contain_text(replica.code)

    # Taken away again: the tab says it replicates nothing, the history keeps all three steps.
    page.goto(f"{live_server.url}{replica.get_spread_url()}")
    page.locator("#replication-sources").get_by_role("button").filter(has_text=source.code).click()
    page.wait_for_url(f"{live_server.url}{replica.get_spread_url()}")
    expect(page.locator("#replication")).to_contain_text(in_default_language("It replicates no model of the list."))
    page.locator(".tabs").get_by_role("link", name=in_default_language("History")).click()
    expect(page).to_have_url(f"{live_server.url}{replica.get_history_url()}")
    history = page.locator(".timeline")
    for said in ("Said it replicates %(code)s (%(kind)s)", "Took away that it replicates %(code)s"):
        expect(history).to_contain_text(in_default_language(said).split("%(code)s")[0].strip())
