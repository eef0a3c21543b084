"""Records made once for all the tests of a module: a permission matrix asks hundreds of cells (a URL as a role)
of one world, and building that world and its people for every cell was most of the matrix's time.

`module_db` opens a transaction for the module, rolled back after its last test; every test still runs in a
savepoint of its own inside it (pytest-django's `db`), so what one cell writes is gone before the next. Files
made for the module go to a folder of its own, which tests/conftest.py keeps as MEDIA_ROOT for the module's tests.
A module imports the fixtures below with `import *` (they replace tests/conftest.py's per-test people of the
same names) and declares its `world` with `scope="module"`, asking `module_db`.

Under xdist a module's tests may run on both workers: each builds the module's records once."""

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings

from . import people

__all__ = [  # a module takes them all with `from tests.once_per_module import *`: fixtures, replacing conftest's
    "module_db", "agency", "sub_agency", "other_agency", "alice", "bob", "reviewer", "secretary", "leader",
    "administrator", "superuser", "superuser_administrator", "nobody",
]


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """The module's transaction, with everyone in it; its value names the module's media folder and the people.

    Everyone is made here, before the first test: a cell signs its role in by asking for the fixture of that
    name during the test, and a person first made then would be made in that test's savepoint and gone after it."""
    media = tmp_path_factory.mktemp("module-media")
    # The per-test settings of tests/conftest.py (the fast hasher, the media folder) do not reach a module's set-up.
    settings = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media)
    with django_db_blocker.unblock(), settings, transaction.atomic():
        made = {"agency": people.agency(), "other_agency": people.other_agency()}
        made["sub_agency"] = people.sub_agency(made["agency"])
        made["alice"] = people.alice(made["agency"])
        made["bob"] = people.bob(made["other_agency"])
        for name in ("reviewer", "secretary", "leader", "administrator", "superuser", "superuser_administrator",
                     "nobody"):
            made[name] = getattr(people, name)()
        yield SimpleNamespace(media=media, **made)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def agency(module_db):
    return module_db.agency


@pytest.fixture(scope="module")
def sub_agency(module_db):
    return module_db.sub_agency


@pytest.fixture(scope="module")
def other_agency(module_db):
    return module_db.other_agency


@pytest.fixture(scope="module")
def alice(module_db):
    return module_db.alice


@pytest.fixture(scope="module")
def bob(module_db):
    return module_db.bob


@pytest.fixture(scope="module")
def reviewer(module_db):
    return module_db.reviewer


@pytest.fixture(scope="module")
def secretary(module_db):
    return module_db.secretary


@pytest.fixture(scope="module")
def leader(module_db):
    return module_db.leader


@pytest.fixture(scope="module")
def administrator(module_db):
    return module_db.administrator


@pytest.fixture(scope="module")
def superuser(module_db):
    return module_db.superuser


@pytest.fixture(scope="module")
def superuser_administrator(module_db):
    return module_db.superuser_administrator


@pytest.fixture(scope="module")
def nobody(module_db):
    return module_db.nobody
