"""Named people per role, as healthchecks does: alice is an official of the Kim Sơn agency, bob an
official of another agency, and one person for each other role."""

import pytest

from accounts.roles import Role

from .factories import AgencyFactory, UserFactory


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """A transactional test empties the database when it ends (the rows the migrations made included), and
    `make test` sends each module whole to one xdist worker: a module mixing such a test with ordinary ones
    would leave the worker's next modules without their reference data, failing far from the cause. Refused."""
    kinds: dict[str, set[bool]] = {}
    for item in items:
        if item.get_closest_marker("django_db") or "db" in getattr(item, "fixturenames", ()):
            kinds.setdefault(item.nodeid.split("::")[0], set()).add(_is_transactional(item))
    mixed = sorted(module for module, found in kinds.items() if len(found) > 1)
    if mixed:
        raise pytest.UsageError(
            "These modules mix transactional tests with ordinary database tests; move the transactional ones to a "
            "module of their own: " + ", ".join(mixed)
        )


# Tests that must run on one xdist worker, one after the other, because they share a fixture too costly to build
# twice (the demo, loaded once for the package). xdist's own `xdist_group` mark cannot do it under pytest 9.2:
# xdist 3.8 renames the grouped tests by assigning `item._nodeid`, which pytest 9.2 no longer reads, so the marked
# tests went to both workers and the demo was loaded two or three times per run.
XDIST_GROUPS = {"tests/demo/": "demo"}


@pytest.hookimpl(optionalhook=True)  # xdist's hook; absent under -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` with the groups above, read from the test's path (the controller sees node ids only)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class GroupedByPath(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            for prefix, group in XDIST_GROUPS.items():
                if nodeid.startswith(prefix):
                    return group
            return super()._split_scope(nodeid)

    return GroupedByPath(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush emptied the database (the rows the migrations create included: units,
    fields, role groups), put those rows back before an ordinary test runs in this process. Transactional tests
    run last (pytest-django's order), but xdist does not promise that a worker's last modules are only those:
    this makes the order not matter. Idempotent; skipped when the next test is transactional too."""
    result = yield
    if _is_transactional(item) and nextitem is not None and not _is_transactional(nextitem):
        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        from accounts.roles import sync_role_groups
        from models_registry.reference_data import load_all

        with item.config.stash[blocking_manager_key].unblock():
            load_all(apps)
            sync_role_groups()
    return result

@pytest.fixture(autouse=True)
def _plain_static_files_and_private_media(settings, tmp_path):
    # The manifest storage needs collectstatic; tests serve static files straight from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    # Each test's client builds the middleware anew, and WhiteNoise (autorefresh off, as in production) indexes
    # every collected file when it is built: once a staticfiles/ directory exists (.ci/smoke-production makes one
    # before the suites run), that was 30-70 ms per test, a third of the permission matrices' time. Looking a
    # file up when it is asked for serves the same files.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts and ends with an empty cache. What is cached is keyed by versions kept in the database
    (the dashboard's figures, the public pages, the filters' choices), and each test's rollback brings a version
    back that an earlier test may have cached other data under; the API's throttle counts live there too."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The factories hash every user's password; with the production hasher's iterations (~0.35 s per password)
    # a test that creates a few users spends seconds hashing, and a permission matrix creates nine per test.
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
def superuser(db):
    """A superuser with no role: for the shell only, it passes no rule of the product (accounts/backends.py)."""
    return UserFactory(username="root", agency=None, is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_administrator(db):
    """The administrator role held by a superuser: the administrator's rights, no more."""
    return UserFactory(username="root-ada", agency=None, roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)


@pytest.fixture
def nobody(db):
    """Signed in, but holds no role."""
    return UserFactory(username="nemo")


@pytest.fixture(autouse=True, scope="session")
def _force_login_gives_both_factors():
    """`client.force_login(user)` signs in as a finished sign-in does: with the second factor given, for the roles
    that need one (accounts/second_factor.py), as force_login already skips the password. The second factor's own
    tests (tests/accounts/test_second_factor.py) sign in with `one_factor_login` instead."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        give_second_factor(self, user)

    Client.force_login = force_login
    Client.one_factor_login = original
    yield
    Client.force_login = original
    del Client.one_factor_login


def give_second_factor(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.second_factor import AUTHENTICATOR, needs_second_factor

    if not needs_second_factor(user):
        return
    device = TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
