"""Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after signing in, however active
(accounts/security.py); people change their own password. Time is moved by writing the session's own clock back."""

import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from accounts.security import SEEN, STARTED
from core.audit import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # every UserFactory user's


def move_clock(client, **ago):
    """Write the session's sign-in and last-request times `ago` seconds back."""
    session = client.session
    now = int(time.time())
    for key, seconds in ago.items():
        session[{"started": STARTED, "seen": SEEN}[key]] = now - seconds
    session.save()


def test_the_defaults_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert (settings.SESSION_IDLE_MINUTES, settings.SESSION_MAX_HOURS) == (30, 12)
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_an_active_session_goes_on(client, alice):
    client.force_login(alice)
    move_clock(client, started=11 * 3600, seen=29 * 60)
    assert client.get("/notifications/").status_code == 200
    assert client.get("/notifications/").status_code == 200  # the request above counted as activity


def test_an_idle_session_ends(client, alice):
    client.force_login(alice)
    move_clock(client, seen=31 * 60)
    response = client.get("/notifications/")
    assert response["Location"] == "/accounts/login/?next=%2Fnotifications%2F"
    assert SESSION_KEY not in client.session
    assert AuditEntry.objects.filter(actor=alice, action="session.expired", details__limit="idle").exists()


def test_a_session_ends_twelve_hours_after_signing_in_however_active(client, alice):
    client.force_login(alice)
    move_clock(client, started=12 * 3600 + 1, seen=10)
    response = client.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/notifications/")["Location"].startswith("/accounts/login/")
    assert AuditEntry.objects.filter(actor=alice, action="session.expired", details__limit="absolute").exists()


def test_the_limits_come_from_the_environment(client, alice, settings):
    settings.SESSION_MAX_HOURS = 1
    client.force_login(alice)
    move_clock(client, started=3601, seen=10)
    assert client.get("/notifications/").status_code == 302


def test_a_person_changes_their_own_password(client, alice):
    client.force_login(alice)
    page = client.get("/accounts/password/")
    assert page.status_code == 200
    assert "Đổi mật khẩu" in page.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "mot-mat-khau-moi-2026", "new_password2": "mot-mat-khau-moi-2026"},
    )
    assert response["Location"] == "/accounts/password/done/"
    alice.refresh_from_db()
    assert alice.check_password("mot-mat-khau-moi-2026")
    # Still signed in in this session, and the change is in the audit log.
    assert client.get("/accounts/password/done/").status_code == 200
    assert AuditEntry.objects.filter(actor=alice, action="password.changed").exists()


def test_a_wrong_old_password_changes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "mot-mat-khau-moi-2026", "new_password2": "mot-mat-khau-moi-2026"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_user_menu_links_to_the_security_page(client, alice):
    client.force_login(alice)
    home = client.get("/").content.decode()
    assert 'href="/accounts/security/"' in home
    page = client.get("/accounts/security/").content.decode()
    assert 'href="/accounts/password/"' in page and 'href="/accounts/two-factor/setup/"' in page
