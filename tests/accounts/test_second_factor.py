"""The second factor: reviewers and administrators set up an authenticator app and give a code after their password;
until then they reach only the second factor's pages and sign-out. Recovery codes are shown once and each works
once. Signed in with `one_factor_login` (the password only), not `force_login`, which gives both factors."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from core.audit import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def code_of(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"


def actions(user) -> list[str]:
    return list(AuditEntry.objects.filter(actor=user).order_by("pk").values_list("action", flat=True))


@pytest.mark.parametrize("role", ["reviewer", "administrator"])
def test_a_reviewer_or_administrator_without_a_second_factor_is_sent_to_set_one_up(client, request, role):
    person = request.getfixturevalue(role)
    client.one_factor_login(person)
    for url in ("/", "/models/", "/dashboard/", "/admin/", "/accounts/security/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/two-factor/setup/?next="), url
    assert client.get("/accounts/two-factor/setup/").status_code == 200
    # Signing out stays possible.
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"


def test_a_refused_post_changes_nothing_and_goes_to_the_second_factor(client, reviewer, agency):
    from models_registry.choices import ModelStatus
    from tests.factories import MovementModelFactory

    model = MovementModelFactory(status=ModelStatus.SUBMITTED, owner_agency=agency)
    client.one_factor_login(reviewer)
    response = client.post(f"/models/{model.pk}/recognise/", {"decision_number": "1/QĐ"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    model.refresh_from_db()
    assert model.status == ModelStatus.SUBMITTED


@pytest.mark.parametrize("role", ["alice", "secretary", "leader", "nobody"])
def test_other_roles_sign_in_with_a_password(client, request, role):
    client.one_factor_login(request.getfixturevalue(role))
    assert client.get("/notifications/").status_code == 200


def test_setting_up_the_authenticator_shows_a_qr_code_then_recovery_codes_once(client, reviewer):
    client.one_factor_login(reviewer)
    page = client.get("/accounts/two-factor/setup/?next=/models/")
    html = page.content.decode()
    assert "<svg" in html and "Dân vận khéo" not in html.split("<svg")[0][-5:]  # the QR code drawn inline
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    # Reloading keeps the same key, so a half-scanned code still works.
    client.get("/accounts/two-factor/setup/")
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1

    wrong = client.post("/accounts/two-factor/setup/", {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    # A right code straight after a wrong one is refused too (django-otp's throttling); once the delay is over:
    assert client.post("/accounts/two-factor/setup/", {"code": code_of(device)}).status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()

    done = client.post("/accounts/two-factor/setup/", {"code": code_of(device), "next": "/models/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{8})</code></li>", done.content.decode())
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    # This session has both factors now.
    assert client.get("/models/").status_code == 200
    # The codes are never shown again.
    assert not any(code in client.get("/accounts/security/").content.decode() for code in codes)
    assert actions(reviewer) == ["login", "otp.failed", "otp.failed", "otp.enrolled"]


@pytest.fixture
def enrolled(reviewer):
    device = TOTPDevice.objects.create(user=reviewer, name=second_factor.AUTHENTICATOR, confirmed=True)
    codes = second_factor.new_recovery_codes(reviewer)
    return device, codes


def test_signing_in_asks_for_a_code_and_accepts_the_authenticators(client, reviewer, enrolled):
    device, _codes = enrolled
    client.one_factor_login(reviewer)
    response = client.get("/models/")
    assert response["Location"] == "/accounts/two-factor/verify/?next=%2Fmodels%2F"
    wrong = client.post("/accounts/two-factor/verify/", {"code": "12345x", "next": "/models/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert client.get("/models/").status_code == 302
    ok = client.post("/accounts/two-factor/verify/", {"code": code_of(device), "next": "/models/"})
    assert ok["Location"] == "/models/"
    assert client.get("/models/").status_code == 200
    assert "otp.failed" in actions(reviewer) and "otp.verified" in actions(reviewer)


def test_the_next_address_stays_on_this_site(client, reviewer, enrolled):
    device, _codes = enrolled
    client.one_factor_login(reviewer)
    response = client.post("/accounts/two-factor/verify/", {"code": code_of(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_recovery_code_works_once(client, reviewer, enrolled):
    _device, codes = enrolled
    client.one_factor_login(reviewer)
    assert client.post("/accounts/two-factor/verify/", {"code": codes[0]})["Location"] == "/"
    assert second_factor.recovery_codes_left(reviewer) == len(codes) - 1
    assert "otp.recovery_code_used" in actions(reviewer)

    other = type(client)()
    other.one_factor_login(reviewer)
    again = other.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert again.status_code == 200
    assert other.get("/models/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, reviewer, enrolled):
    _device, old = enrolled
    client.force_login(reviewer)  # both factors
    response = client.post("/accounts/two-factor/recovery-codes/")
    new = re.findall(r"<li><code>([a-z0-9]{8})</code></li>", response.content.decode())
    assert len(new) == second_factor.RECOVERY_CODE_COUNT and not set(new) & set(old)
    other = type(client)()
    other.one_factor_login(reviewer)
    assert other.post("/accounts/two-factor/verify/", {"code": old[1]}).status_code == 200
    StaticDevice.objects.get(user=reviewer).throttle_reset()  # the wrong code's delay, over
    assert other.post("/accounts/two-factor/verify/", {"code": new[1]}).status_code == 302


def test_new_recovery_codes_need_the_second_factor_first(client, alice):
    # alice set up an authenticator of her own accord; with the password alone she cannot make new codes.
    TOTPDevice.objects.create(user=alice, name=second_factor.AUTHENTICATOR, confirmed=True)
    client.one_factor_login(alice)
    response = client.post("/accounts/two-factor/recovery-codes/")
    assert response["Location"].startswith("/accounts/two-factor/verify/")
    assert second_factor.recovery_codes_left(alice) == 0


def test_the_pages_are_in_vietnamese(client, reviewer):
    client.one_factor_login(reviewer)
    html = client.get("/accounts/two-factor/setup/").content.decode()
    assert "Thiết lập ứng dụng xác thực" in html


def test_a_superuser_needs_the_second_factor_too(client):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.one_factor_login(root)
    assert client.get("/")["Location"].startswith("/accounts/two-factor/setup/")
