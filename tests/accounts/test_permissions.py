"""The pages outside the apps, for every role (tests/permissions.py): the home page, one's notifications,
signing in and out, the language switch, which also works before signing in, and the health check."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Notification, User
from tests.permissions import ROLES, Outcome, Row, cells, check, check_other_method, expect, other_methods

PASSWORD = "correct horse battery staple"  # every UserFactory user's


def to(path):
    return Outcome(302, to=path)


def notifications(world):
    """Reading the list marks nothing read; a refused request neither."""
    return list(Notification.objects.order_by("pk").values("pk", "recipient", "read_at"))


def passwords(world):
    return sorted(User.objects.values_list("pk", "password"))


def confirmed_devices(world):
    return sorted(TOTPDevice.objects.filter(confirmed=True).values_list("pk", "user", "key"))


# Who holds a second factor in the matrix: the roles that need one and superusers (accounts/second_factor.py).
WITH_SECOND_FACTOR = dict.fromkeys(("reviewer", "administrator", "superuser", "superuser_administrator"), 200)


MATRIX = [
    # The health check answers everyone, signed in or not, with the app's and the database's state.
    Row("healthz", lambda w: "/healthz", expect(200, anonymous=200)),
    Row("healthz", lambda w: "/healthz", expect(405, anonymous=405), method="post"),
    # A leader, who has no work of their own on the home page, lands on the dashboard.
    Row("home", lambda w: "/", expect(200, leader=to("/dashboard/"))),
    Row("accounts:notifications", lambda w: "/notifications/", expect(200), state=notifications),
    Row("accounts:notifications_read", lambda w: "/notifications/read/", expect(405), state=notifications),
    # Whose notifications it marks read: test_marking_notifications_read_touches_only_ones_own.
    Row(
        "accounts:notifications_read",
        lambda w: "/notifications/read/",
        expect(to("/notifications/")),
        method="post",
        state=notifications,
    ),
    # Signed-in people have nothing to do on the login page and go home.
    Row("login", lambda w: "/accounts/login/", expect(to("/"), anonymous=200)),
    Row(
        "login",
        lambda w: "/accounts/login/",
        expect(to("/"), anonymous=to("/")),
        method="post",
        data=lambda w: {"username": "alice", "password": PASSWORD},
    ),
    Row("logout", lambda w: "/accounts/logout/", expect(405)),
    Row("logout", lambda w: "/accounts/logout/", expect(to("/accounts/login/")), method="post"),
    # One's own security: every signed-in person; the second factor's pages differ for those who have one
    # (reviewers, administrators and superusers, signed in with both factors by force_login).
    Row("security:overview", lambda w: "/accounts/security/", expect(200)),
    Row("security:overview", lambda w: "/accounts/security/", expect(405), method="post"),
    Row("security:password_change", lambda w: "/accounts/password/", expect(200)),
    # A wrong current password: the form again, nothing changed.
    Row(
        "security:password_change",
        lambda w: "/accounts/password/",
        expect(200),
        method="post",
        data=lambda w: {"old_password": "wrong", "new_password1": "x-9f8e7d6c5b", "new_password2": "x-9f8e7d6c5b"},
        state=passwords,
    ),
    Row("security:password_change_done", lambda w: "/accounts/password/done/", expect(200)),
    Row("security:password_change_done", lambda w: "/accounts/password/done/", expect(405), method="post"),
    Row("security:otp_setup", lambda w: "/accounts/two-factor/setup/", expect(200)),
    Row(
        "security:otp_setup",
        lambda w: "/accounts/two-factor/setup/",
        expect(200),
        method="post",
        data=lambda w: {"code": "abcdef"},
        state=confirmed_devices,
    ),
    Row(
        "security:otp_verify",
        lambda w: "/accounts/two-factor/verify/",
        expect(to("/accounts/two-factor/setup/?next=/"), **WITH_SECOND_FACTOR),
    ),
    Row(
        "security:otp_verify",
        lambda w: "/accounts/two-factor/verify/",
        expect(to("/accounts/two-factor/setup/?next=/"), **WITH_SECOND_FACTOR),
        method="post",
        data=lambda w: {"code": "abcdef"},
    ),
    Row("security:recovery_codes", lambda w: "/accounts/two-factor/recovery-codes/", expect(405)),
    # New codes for those who gave the second factor in this session; the others give it first.
    Row(
        "security:recovery_codes",
        lambda w: "/accounts/two-factor/recovery-codes/",
        expect(to("/accounts/two-factor/verify/?next=/accounts/security/"), **WITH_SECOND_FACTOR),
        method="post",
    ),
    Row(
        "set_language",
        lambda w: "/i18n/setlang/",
        expect(to("/models/"), anonymous=to("/models/")),
        method="post",
        data=lambda w: {"language": "en", "next": "/models/"},
    ),
]


@pytest.fixture
def world(alice, bob):
    """alice, whose password the login row sends, and an unread notification for her and one for bob."""
    for person in (alice, bob):
        notify(person)


def notify(person):
    Notification.objects.create(
        recipient=person,
        message="%(code)s “%(name)s” was recognised.",
        params={"code": "DVK-2023-00001", "name": "Mô hình"},
    )


@pytest.mark.django_db
@cells(MATRIX)
def test_access(client, request, world, row, role):
    check(client, request, world, row, role)


@pytest.mark.django_db
@other_methods(MATRIX)
def test_the_other_method(client, request, world, row, method):
    check_other_method(client, request, world, row, method)


@pytest.mark.parametrize("role", ROLES)
def test_marking_notifications_read_touches_only_ones_own(role, request, client, alice, bob):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    people = [person for person in {alice, bob, user} if person is not None]
    for person in people:
        notify(person)

    response = client.post("/notifications/read/")

    if user is None:
        assert (response.status_code, response.url) == (302, "/accounts/login/?next=/notifications/read/")
    else:
        assert (response.status_code, response.url) == (302, "/notifications/")
    for person in people:
        assert Notification.objects.unread().filter(recipient=person).exists() == (person != user)
