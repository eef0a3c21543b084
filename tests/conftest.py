"""Named people per role, as healthchecks does: alice is an official of the Kim Sơn agency, bob an
official of another agency, and one person for each other role."""

import pytest

from accounts.roles import Role

from .factories import AgencyFactory, UserFactory


@pytest.fixture(autouse=True)
def _plain_static_files_and_private_media(settings, tmp_path):
    # The manifest storage needs collectstatic; tests serve static files straight from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    # The production hasher takes ~0.35 s per password; a permission matrix creates nine users per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The factories hash every user's password; with the production hasher's iterations a test that
    # creates a few users spends seconds hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Ban Dân vận Huyện ủy Kim Sơn", short_name="BDV Kim Sơn")


@pytest.fixture
def sub_agency(agency):
    return AgencyFactory(name="Đảng ủy xã Kim Chính", parent=agency)


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="Ban Dân vận Huyện ủy Yên Mô", short_name="BDV Yên Mô")


@pytest.fixture
def alice(agency):
    """An official of the Kim Sơn agency."""
    return UserFactory(username="alice", agency=agency, roles=[Role.OFFICIAL])


@pytest.fixture
def bob(other_agency):
    """An official of another agency."""
    return UserFactory(username="bob", agency=other_agency, roles=[Role.OFFICIAL])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="rita", roles=[Role.REVIEWER])


@pytest.fixture
def secretary(db):
    return UserFactory(username="sam", roles=[Role.SECRETARY])


@pytest.fixture
def leader(db):
    return UserFactory(username="lee", roles=[Role.LEADER])


@pytest.fixture
def administrator(db):
    return UserFactory(username="ada", agency=None, roles=[Role.ADMINISTRATOR], is_staff=True)


@pytest.fixture
def nobody(db):
    """Signed in, but holds no role."""
    return UserFactory(username="nemo")
