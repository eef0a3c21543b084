"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work here, so the launch points at /usr/bin/chromium.
Playwright's sync API runs an event loop in the test thread, which Django's async-safety check would
otherwise refuse.
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def role_groups(transactional_db):
    """The role groups, whatever an earlier transactional test's flush left behind."""
    from accounts.roles import sync_role_groups

    sync_role_groups()


@pytest.fixture
def log_in(live_server, page):
    """Log in through the real login form (django-axes watches it), as `user`."""

    def log_in_as(user, password="correct horse battery staple"):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("form[action='/accounts/login/'] button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return log_in_as
