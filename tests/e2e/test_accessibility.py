"""Every page type, as each role sees it, passes an automated WCAG 2.1 A and AA scan (axe-core, vendored under
tests/e2e/vendor and injected by the test only), at a laptop's width and at a phone's, and no page scrolls
sideways at 375 px or 1366 px. The forms are scanned again with a row added and a searchable drop-down open."""

from pathlib import Path

import pytest

from accounts.roles import Role
from compilations.models import Compilation
from tests.compilations.factories import NominationFactory
from tests.e2e.conftest import log_in_on
from tests.factories import (
    AgencyFactory,
    DirectiveFactory,
    MeetingFactory,
    MovementModelFactory,
    ReferenceDocumentFactory,
    ReviewFlagFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LAPTOP, PHONE = {"width": 1366, "height": 900}, {"width": 375, "height": 812}


@pytest.fixture
def world(official):
    """One record of each kind, so every page type has something on it."""
    kim_son = official.agency
    reviewer = UserFactory(username="roy", agency=AgencyFactory(name="Ban Dân vận Tỉnh ủy"), roles=[Role.REVIEWER])
    secretary = UserFactory(username="sue", agency=None, roles=[Role.SECRETARY])
    leader = UserFactory(username="lee", agency=None, roles=[Role.LEADER])
    draft = MovementModelFactory(owner_agency=kim_son)
    listed = MovementModelFactory(recognised=True, owner_agency=kim_son)
    flagged = ReviewFlagFactory(model=MovementModelFactory(flagged=True, owner_agency=kim_son), flagged_by=reviewer)
    meeting = MeetingFactory(published=True)
    directive = DirectiveFactory(meeting=meeting, lead=kim_son)
    document = ReferenceDocumentFactory()
    nomination = NominationFactory(model=listed, written_up=True)
    compilation = nomination.compilation
    Compilation.objects.filter(pk=compilation.pk).update(status="published")
    part = directive.assignments.get()
    return {
        Role.OFFICIAL: (official, [
            "/", "/models/", "/models/new/", f"/models/{draft.pk}/", f"/models/{draft.pk}/edit/",
            f"/models/{flagged.model.pk}/answer/", "/directives/", f"/directives/{directive.pk}/",
            f"/directives/{directive.pk}/parts/{part.pk}/report/", "/notifications/", "/accounts/password/",
        ]),
        Role.REVIEWER: (reviewer, [
            "/", "/reviews/", "/reviews/candidates/", "/reviews/rounds/", "/reviews/rounds/new/",
            f"/models/{listed.pk}/", f"/models/{listed.pk}/flag/", f"/models/{flagged.model.pk}/decide/",
            f"/compilations/{compilation.pk}/", "/compilations/new/",
        ]),
        Role.SECRETARY: (secretary, [
            "/meetings/", "/meetings/new/", f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/directives/new/",
            "/documents/", "/documents/new/", f"/documents/{document.pk}/",
        ]),
        Role.LEADER: (leader, [
            "/dashboard/", "/dashboard/?year=2023", "/compilations/", f"/compilations/{compilation.pk}/entries/",
        ]),
    }


@pytest.fixture
def login_page_as(live_server):
    return lambda page, user: log_in_on(page, live_server.url, user)


def scanned_context(browser):
    """A browser context whose every page gets axe-core before its own scripts run (injected once for the context,
    not sent again with each page). The pages' content security policy refuses injected scripts: this context
    bypasses it, for axe."""
    context = browser.new_context(bypass_csp=True, viewport=LAPTOP)
    context.add_init_script(path=str(AXE))
    return context


def _violations(page) -> list[str]:
    # Only the violations are reported in full: axe's passes and inapplicable rules (resultTypes) are what it
    # spends most of its time describing, and the test reads none of them.
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — `
                + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
        }""",
        WCAG_21_AA,
    )
    return found


def _sideways(page) -> str | None:
    """What makes the page wider than the screen (None when nothing scrolls sideways)."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const over = document.documentElement.scrollWidth - width;
            if (over <= 0) return null;
            // The innermost elements that reach past the screen's edge, to say what to fix (those inside a box
            // that scrolls on its own do not widen the page).
            const clipped = e => {
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (["auto", "scroll", "hidden"].includes(getComputedStyle(a).overflowX)) return true;
                }
                return false;
            };
            const culprits = [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
                .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
                .slice(0, 3)
                .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""));
            return `${over} px (${culprits.join(", ")})`;
        }"""
    )


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.REVIEWER, Role.SECRETARY, Role.LEADER])
def test_every_page_passes_wcag_21_aa_and_fits_a_phone(live_server, browser, role, world, login_page_as):
    user, paths = world[role]
    context = scanned_context(browser)
    page = context.new_page()
    login_page_as(page, user)
    problems = []
    for path in paths:
        for viewport in (LAPTOP, PHONE):
            page.set_viewport_size(viewport)
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            problems += [f"{path} at {viewport['width']} px: {v}" for v in _violations(page)]
            if overflow := _sideways(page):
                problems.append(f"{path} at {viewport['width']} px scrolls sideways by {overflow}")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "role, path, search",
    [
        (Role.OFFICIAL, "/models/new/", "#id_cooperating_agencies-ts-control"),
        (Role.SECRETARY, "/meetings/new/", "#id_organisers-ts-control"),
    ],
)
def test_the_forms_pass_with_a_row_added_and_a_drop_down_open(
    live_server, browser, role, path, search, world, login_page_as
):
    user, _paths = world[role]
    context = scanned_context(browser)
    page = context.new_page()
    login_page_as(page, user)
    page.goto(f"{live_server.url}{path}")
    page.locator("[data-formset-add]").click()
    page.locator(search).click()
    page.keyboard.type("ban")
    assert page.locator(".ts-dropdown:visible .option").count() > 0
    problems = _violations(page)
    context.close()
    assert not problems, "\n".join(problems)
