"""`make test` runs the suite on two xdist workers; the demo's tests must all go to one of them, one after the
other, or the demo (some 35 s) is loaded once per worker and again whenever its package fixture is torn down."""

import pytest
from xdist.scheduler import LoadGroupScheduling

from tests.conftest import pytest_xdist_make_scheduler


@pytest.fixture
def scheduler(pytestconfig, monkeypatch):
    monkeypatch.setattr(pytestconfig.option, "dist", "loadgroup", raising=False)
    monkeypatch.setattr(pytestconfig.option, "tx", ["popen", "popen"], raising=False)  # two workers
    return pytest_xdist_make_scheduler(pytestconfig, log=None)


def test_the_demos_tests_form_one_group(scheduler):
    assert isinstance(scheduler, LoadGroupScheduling)
    scopes = {
        scheduler._split_scope(nodeid)
        for nodeid in (
            "tests/demo/test_registry_demo.py::test_every_pre_2025_district_has_models[369]",
            "tests/demo/test_meetings_demo.py::test_the_meetings_are_loaded_with_the_demo",
            "tests/demo/test_compilations_demo.py::test_loading_again_changes_nothing",
        )
    }
    assert scopes == {"demo"}


def test_other_tests_are_spread_one_by_one(scheduler):
    one, other = "tests/test_healthz.py::test_a", "tests/test_healthz.py::test_b"
    assert scheduler._split_scope(one) != scheduler._split_scope(other)


def test_other_distributions_are_left_to_xdist(pytestconfig, monkeypatch):
    monkeypatch.setattr(pytestconfig.option, "dist", "load", raising=False)
    assert pytest_xdist_make_scheduler(pytestconfig, log=None) is None
