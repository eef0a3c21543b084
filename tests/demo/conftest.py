"""The demo is loaded once for the whole of tests/demo/ (it enters some 1,700 models and their history through the
services, which takes a while), inside a transaction rolled back when the package's last test is done. Every test
of the package runs on it, each in a savepoint of its own, as usual. Under xdist the package's tests go to one
worker, one after the other (`tests/conftest.py`, `pytest_xdist_make_scheduler`), so the demo is loaded once per
run."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package", autouse=True)
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """The output of the demo's first load; the demo data stays loaded for every test of the package."""
    # The fast hasher of tests/conftest.py, which applies only within each test; the compilation's photos go
    # to a throwaway folder, not the project's media/.
    settings = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    )
    with django_db_blocker.unblock(), settings, transaction.atomic():
        output = io.StringIO()
        call_command("load_demo", force=True, stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)
