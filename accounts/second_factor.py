"""The second factor (django-otp): an authenticator app's six-digit codes (TOTP), and one-time recovery codes.

Reviewers and administrators must have one: until they have set it up and entered a code in this session they
reach only the pages to set it up, to enter a code, and to sign out (accounts.security.SecondFactorMiddleware).
Recovery codes are shown once, when made, and each works once (django-otp's static tokens, deleted on use).
"""

import secrets

from django.conf import settings
from django.db import transaction
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit

from .roles import Role

# Roles whose decisions or powers call for more than a password (ASVS 5.0 V6.3.3: level 2 for privileged users).
ROLES_NEEDING_SECOND_FACTOR = (Role.REVIEWER, Role.ADMINISTRATOR)
AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"
RECOVERY_CODE_COUNT = 10
# Letters and digits that cannot be mistaken for one another when copied from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def needs_second_factor(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(user.has_role(role) for role in ROLES_NEEDING_SECOND_FACTOR)
    )


def authenticator(user, *, confirmed=True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=confirmed).first()


def has_authenticator(user) -> bool:
    return authenticator(user) is not None


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: the same key until it is confirmed, so reloading the page keeps the QR code."""
    device = authenticator(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    return device


def confirm_authenticator(user, token: str, *, request=None) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending authenticator with a code it shows; returns it with fresh recovery codes, or None."""
    device = authenticator(user, confirmed=False)
    if device is None or not device.verify_token(token.strip()):
        audit.record(user, audit.SECOND_FACTOR_FAILED, request=request, step="setup")
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one authenticator per person
        device.confirmed = True
        device.save()
        codes = new_recovery_codes(user)
        audit.record(user, audit.SECOND_FACTOR_ENROLLED, request=request)
    return device, codes


def enrol_with_key(user, hex_key: str) -> TOTPDevice:
    """Give the person a confirmed authenticator with this key (hex), unless they have one: for demo accounts,
    whose key is published so that anyone trying the demo can add it to an app."""
    device = authenticator(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, key=hex_key, confirmed=True)
    return device


def new_recovery_codes(user) -> list[str]:
    """Replace the person's recovery codes with new ones; the old ones stop working. Shown once."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY, defaults={"confirmed": True})
        device.token_set.all().delete()
        codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY).count()


def _recovery_code() -> str:
    return "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(8))


def verify(user, code: str, *, request=None):
    """The device that accepts `code` (six digits: the authenticator; otherwise a recovery code, used up), or None.
    django-otp slows repeated failures down per device (throttling)."""
    code = "".join(code.split()).lower()
    if code.isdigit() and len(code) == 6:
        device, action = authenticator(user), audit.SECOND_FACTOR_VERIFIED
    else:
        device, action = StaticDevice.objects.filter(user=user, name=RECOVERY).first(), audit.RECOVERY_CODE_USED
    verified = device is not None and verify_token(user, device.persistent_id, code)
    if not verified:
        audit.record(user, audit.SECOND_FACTOR_FAILED, request=request, step="verify")
        return None
    details = {"left": recovery_codes_left(user)} if action == audit.RECOVERY_CODE_USED else {}
    audit.record(user, action, request=request, **details)
    return verified


def issuer() -> str:
    return getattr(settings, "OTP_TOTP_ISSUER", "Dân vận khéo")
