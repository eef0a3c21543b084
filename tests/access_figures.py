"""A pytest plugin that counts the permission matrix's figures: URL patterns, cells asked and cells failed
(`python manage.py access_matrix` runs the matrix with it; docs/assurance/access.md records the figures).

A cell is one request: one URL pattern, one method, one role. `test_access` asks one cell; `test_the_other_method`
asks the row's URL with the other method as every role of the row.
"""

import pytest

_CELLS = "matrix_cells"
_FAILED = "matrix_failed_cells"
_tally = {"cells": 0, "failed": 0, "patterns": set(), "pairs": set(), "roles": set()}


def _cells_of(item) -> tuple[int, set[str]]:
    from tests.permissions import outcomes_of

    params = getattr(getattr(item, "callspec", None), "params", {})
    if item.originalname == "test_access":
        return 1, {params["role"]}
    if item.originalname == "test_the_other_method":
        roles = set(outcomes_of(params["row"]))
        return len(roles), roles
    return 0, set()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" or (report.when == "setup" and report.failed):
        cells, roles = _cells_of(item)
        if cells:
            params = item.callspec.params
            row = params["row"]
            method = params.get("method", row.method)
            failed = getattr(item, _FAILED, cells if item.originalname == "test_access" else 1) if report.failed else 0
            report.user_properties.append(
                (_CELLS, {"cells": cells, "failed": failed, "view": row.view, "method": method, "roles": sorted(roles)})
            )
    return report


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == _CELLS:
            _tally["cells"] += value["cells"]
            _tally["failed"] += value["failed"]
            _tally["patterns"].add(value["view"])
            _tally["pairs"].add((value["view"], value["method"]))
            _tally["roles"].update(value["roles"])


def pytest_terminal_summary(terminalreporter):
    from tests.url_coverage import url_pattern_names

    names = url_pattern_names()
    asked = {view for view in _tally["patterns"] if not view.startswith("admin:")}
    write = terminalreporter.write_line
    write("")
    write("Permission matrix figures")
    write(f"  URL patterns (the admin's own aside): {len(names)}; with cells: {len(asked & names)}")
    write(f"  pattern x method pairs asked: {len(_tally['pairs'])} (2 x {len(names)} patterns, and the admin's index)")
    write(f"  role columns: {len(_tally['roles'])} ({', '.join(sorted(_tally['roles']))})")
    write(f"  cells (requests checked): {_tally['cells']}")
    write(f"  failed cells: {_tally['failed']}")
    write(f"  patterns with no row: {len(names - asked)}")


def note_failed_cells(node, count: int) -> None:
    """check_other_method says how many of its cells failed (its one assertion lists them)."""
    setattr(node, _FAILED, count)
