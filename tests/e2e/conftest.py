"""Browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server.

What differs from the rest of the suite:

- Playwright's own browser download does not work here, so the browser is /usr/bin/chromium.
- Playwright's sync API marks an asyncio event loop as running in the test thread from the moment it
  starts until it stops, at the end of the session (its fixture is session-scoped). That changes two
  things for Django in this thread, for every test that runs after the first browser test:
  - the ORM refuses to run (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is set;
  - `django.db.connections` keeps its connections in asyncio-context storage instead of the
    thread's (asgiref's thread-critical Local), so the connection opened before Playwright started
    is hidden, never closed, and dropping the PostgreSQL test database at the end of the run failed
    ("being accessed by other users").
  Both are handled in `playwright` below, for exactly the span the loop runs, so workers that never
  start a browser keep Django's checks as they are.
- The live server reads what the test writes, so these tests run in real transactions and the
  tables are flushed afterwards. A flush empties the tables that migration 0003 filled (units,
  fields, indicator types); `reference_data` puts them back before each browser test.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

from accounts.roles import Role, sync_role_groups
from models_registry.reference_data import load_all
from tests.factories import AgencyFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"
BASE_DIR = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GunicornServer:
    """The app as production runs it, for the browser tests: gunicorn with DEBUG off, the collected (manifest)
    static files served by WhiteNoise, compiled messages, on the test database. E2E_AGAINST_GUNICORN=1 swaps it
    in for pytest-django's live server (.ci/run does, on PostgreSQL, after building the static files)."""

    class _NoSettingsToChange:
        # pytest-django's live server changes settings for each test; a separate process has its own.
        def enable(self):
            pass

        def disable(self):
            pass

    _live_server_modified_settings = _NoSettingsToChange()

    def __init__(self, database: dict, media_root: Path, port: int | None = None):
        # A free port, so two checkouts can run their browser tests at once.
        port = port or _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.media_root = media_root
        user, password = database.get("USER") or "", database.get("PASSWORD") or ""
        credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
        environment = {
            **os.environ,
            "DATABASE_URL": f"postgres://{credentials}{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "DATABASE_CONN_MAX_AGE": "0",  # the test database is dropped at the end: hold no session open
            "DJANGO_DEBUG": "0",
            "DJANGO_STATIC_MANIFEST": "1",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SITE_URL": self.url,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_MEDIA_ROOT": str(media_root),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=BASE_DIR,
            env=environment,
        )
        self._wait_until_healthy()

    def _wait_until_healthy(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


if os.environ.get("E2E_AGAINST_GUNICORN"):

    @pytest.fixture(scope="session")
    def live_server(django_db_setup, django_db_blocker, tmp_path_factory):
        """gunicorn, in place of pytest-django's threaded live server (see GunicornServer)."""
        if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
            pytest.fail("E2E_AGAINST_GUNICORN needs PostgreSQL: the server process opens the test database itself")
        if not (BASE_DIR / "staticfiles" / "staticfiles.json").exists():
            pytest.fail("E2E_AGAINST_GUNICORN serves the collected static files: run collectstatic first")
        server = GunicornServer(connections[DEFAULT_DB_ALIAS].settings_dict, tmp_path_factory.mktemp("media"))
        yield server
        server.stop()

    @pytest.fixture(autouse=True)
    def _files_where_the_server_reads_them(request, settings):
        """A file a test writes through a factory (a photo, evidence) must land in the server's media folder."""
        if "live_server" in request.fixturenames:
            settings.MEDIA_ROOT = request.getfixturevalue("live_server").media_root

    @pytest.fixture(autouse=True)
    def _production_password_hashing(settings):
        """The server checks passwords with the production hashers: the users these tests create need them."""
        from django.conf import global_settings

        settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
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


@pytest.fixture(scope="session")
def _django_beside_playwright_loop():
    """Set up before Playwright starts, torn down after it stops (see `playwright`)."""
    # Connections opened so far live in the thread's storage, which Django stops seeing once the loop
    # runs: close them now, while it still sees them.
    connections.close_all()
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def playwright(_django_beside_playwright_loop, playwright):
    """pytest-playwright's `playwright`, with Django made to work beside its event loop.

    Setup order is argument order, teardown the reverse: the ORM is allowed (and the thread's
    connections closed) before Playwright starts, and the connections opened while its loop ran are
    closed before it stops, while Django can still see them. The allowance lasts until after the stop,
    so it covers the flush after each browser test, any test of this worker that runs later, and the
    test database's teardown.
    """
    yield playwright
    connections.close_all()


@pytest.fixture(autouse=True)
def _live_server_closes_its_db_connections():
    """Each request of the live server closes its database connection when it ends.

    The browser keeps HTTP connections alive, and the live server answers each in a thread of its own
    that lives as long as that connection; with persistent database connections (CONN_MAX_AGE, 60 s
    in the settings) such a thread holds a PostgreSQL session until the browser lets go of the socket,
    which can be after the test. Server threads read this value from the shared settings dict when
    they connect; it is put back after the test.
    """
    database = connections.settings[DEFAULT_DB_ALIAS]
    previous = database["CONN_MAX_AGE"]
    database["CONN_MAX_AGE"] = 0
    yield
    database["CONN_MAX_AGE"] = previous


@pytest.fixture(autouse=True)
def _plain_http_live_server(settings):
    # The live server speaks plain HTTP (an intranet without TLS); secure-only cookies would not be
    # sent back, and the login would fail for a reason that has nothing to do with the app.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def reference_data(transactional_db):
    """The rows the migrations create, whatever an earlier transactional test's flush removed.

    Both calls are idempotent (rows found by their natural keys are left alone), so this is right on a freshly migrated
    database as well as after a flush, on SQLite and PostgreSQL alike, with or without xdist.
    `serialized_rollback=True` was tried instead and is not safe here: it re-inserts the snapshot
    taken after `migrate` with its original primary keys, which fails (IntegrityError on
    auth_group.name) once a plain transactional test's flush has let post_migrate recreate the role
    groups under new keys; and it flushes without post_migrate afterwards, leaving even the content
    types and permissions empty for whatever test the worker runs next.
    """
    load_all(apps)
    sync_role_groups()  # the post_migrate handler; a flush re-runs post_migrate, this makes sure


@pytest.fixture
def official(reference_data):
    """An official of the Kim Sơn agency, who logs in with a password through the real form."""
    agency = AgencyFactory(name="Ban Dân vận Huyện ủy Kim Sơn", short_name="BDV Kim Sơn")
    return UserFactory(username="alice", agency=agency, roles=[Role.OFFICIAL])


@pytest.fixture
def role_groups(reference_data):
    """The role groups (and reference data), whatever an earlier transactional test's flush left behind."""


def log_in_on(page, base_url, user, password="correct horse battery staple"):
    """Log in on `page` through the real login form (django-axes watches it), with the second factor where the
    role needs one; returns once the app has let the person in."""
    device = _authenticator_of(user)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    if device is not None:
        # Reviewers and administrators give the second factor: a code of their authenticator app.
        page.wait_for_url(f"{base_url}/accounts/two-factor/verify/**")
        page.fill("#id_code", _current_code(device))
        page.click("form[action='/accounts/two-factor/verify/'] button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)


@pytest.fixture
def log_in(live_server, page):
    """Log in as `user` on the test's page, from a clean slate of cookies."""

    def log_in_as(user, password="correct horse battery staple"):
        page.context.clear_cookies()
        log_in_on(page, live_server.url, user, password)
        page.wait_for_url(f"{live_server.url}/")

    return log_in_as


def _authenticator_of(user):
    """The user's authenticator app, set up beforehand when their role needs a second factor (None otherwise)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.second_factor import AUTHENTICATOR, needs_second_factor

    if not needs_second_factor(user):
        return None
    device, _created = TOTPDevice.objects.get_or_create(user=user, name=AUTHENTICATOR, defaults={"confirmed": True})
    return device


def _current_code(device) -> str:
    """A code the app accepts now. A code is good once: a second sign-in within the same 30 s would have to wait
    for the next code (up to 30 s of a test doing nothing), so it types the next step's code instead, as an
    authenticator whose clock runs a little ahead would; the device accepts one step either way (its tolerance)
    and follows the drift."""
    import time

    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    for _ahead in range(device.tolerance):
        if totp.t() > device.last_t:
            break
        totp.time += device.step
    while totp.t() <= device.last_t:  # a device with no tolerance: wait for the next code
        time.sleep(1)
        totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
