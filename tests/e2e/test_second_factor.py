"""A reviewer's first sign-in: the password, then setting up the authenticator app from the QR page (the key typed
into the app, here computed from the key the page shows), the recovery codes shown once, and the work pages open.
The next sign-in asks for a code again; a recovery code works once."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import UserFactory

from .helpers import PASSWORD, in_default_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in_with_password(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")


def test_a_reviewer_sets_up_the_second_factor_and_signs_in_with_it(live_server, page, role_groups):
    reviewer = UserFactory(username="roy", roles=[Role.REVIEWER])

    sign_in_with_password(page, live_server, reviewer)
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/setup/**")
    expect(page.locator("h1")).to_have_text(in_default_language("Set up an authenticator app"))
    expect(page.locator(".qr-code svg")).to_be_visible()
    # The work pages stay closed until then.
    page.goto(f"{live_server.url}/models/")
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/setup/**")

    key = base64.b32decode(page.locator(".otp-key").inner_text().strip())
    page.fill("#id_code", f"{totp(key):06d}")
    page.click("form[action='/accounts/two-factor/setup/'] button[type=submit]")
    expect(page.locator("h1")).to_have_text(in_default_language("Recovery codes"))
    codes = [code.strip() for code in page.locator(".recovery-codes code").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z0-9]{8}", code) for code in codes)
    page.get_by_role("link", name=in_default_language("I have kept them")).click()
    page.goto(f"{live_server.url}/models/")
    assert page.url == f"{live_server.url}/models/"

    # Next time, without the phone: a recovery code, which then no longer works.
    for attempt in range(2):
        sign_in_with_password(page, live_server, reviewer)
        page.wait_for_url(f"{live_server.url}/accounts/two-factor/verify/**")
        page.fill("#id_code", codes[0])
        page.click("form[action='/accounts/two-factor/verify/'] button[type=submit]")
        if attempt == 0:
            page.wait_for_url(f"{live_server.url}/")
        else:
            expect(page.locator(".field .error")).to_have_text(
                in_default_language("That code is not right, or was already used.")
            )
