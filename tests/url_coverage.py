"""A pytest plugin: the whole suite fails when a URL pattern of the project is requested by no test.

Every response of Django's test client records the view it reached; at the end of a whole-suite run (not when
running a selection of tests) each named URL pattern must have been reached at least once. Under pytest-xdist
each worker hands its views to the controller, which does the check. The Django admin's own pages are left
out: they are Django's, and tests/test_admin_readonly.py covers what the project changes there.
"""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

_visited: set[str] = set()
_SKIPPED_NAMESPACES = {"admin"}


def url_pattern_names() -> set[str]:
    """Every named URL pattern, as "namespace:name"."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                if inner in _SKIPPED_NAMESPACES:
                    continue
                yield from walk(pattern.url_patterns, f"{namespace}{inner}:" if inner else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    return set(walk(get_resolver().url_patterns))


@pytest.fixture(autouse=True, scope="session")
def _record_the_views_tests_reach():
    original = Client.request

    def request(self, **kwargs):
        response = original(self, **kwargs)
        try:
            _visited.add(resolve(kwargs.get("PATH_INFO", "/")).view_name)
        except Exception:  # noqa: BLE001 - a 404 path resolves to nothing; it reached no view
            pass
        return response

    Client.request = request
    yield
    Client.request = original


def _whole_suite(config) -> bool:
    """A run of every test: no selection by keyword, mark, last failures or path."""
    option = config.option
    if option.keyword or option.markexpr or getattr(option, "lf", False) or getattr(option, "deselect", None):
        return False
    tests = (Path(config.rootpath) / "tests").resolve()
    return all(Path(arg.split("::")[0]).resolve() == tests for arg in config.args or ["tests"])


def pytest_sessionfinish(session, exitstatus):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller checks
        workeroutput["visited_views"] = sorted(_visited)
        return
    if exitstatus != 0 or not _whole_suite(session.config):
        return
    missing = sorted(url_pattern_names() - _visited - _reported_by_workers)
    if missing:
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            "URL patterns no test requested: " + ", ".join(missing), red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_reported_by_workers: set[str] = set()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    _reported_by_workers.update(getattr(node, "workeroutput", {}).get("visited_views", ()))
