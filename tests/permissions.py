"""The permission-matrix harness every app's access tests use: a row per URL (and method), the outcome expected
for every role, and one check.

An app's test module declares `MATRIX`, a list of `Row`s, builds the records its URLs need in a `world`
fixture, and runs `check(...)` over `cells(MATRIX)`. tests/test_permission_matrix.py fails when a URL pattern of
the project has no row in any app's MATRIX.

Outcomes: an HTTP status code, or LOGIN (anonymous visitors are sent to the login page, which is the default
for the "anonymous" column).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

LOGIN = "login"
ROLES = ("anonymous", "nobody", "alice", "bob", "reviewer", "secretary", "leader", "administrator")


def expect(default, **special) -> dict:
    """The outcome per role: `default` for each role not named; anonymous visitors log in unless named."""
    unknown = set(special) - set(ROLES) - {"alice_on_sub_agency", "reviewer_of_owning_agency"}
    assert not unknown, f"unknown roles {unknown}"
    outcomes = {role: default for role in ROLES}
    outcomes["anonymous"] = LOGIN
    outcomes.update(special)
    return outcomes


@dataclass(frozen=True)
class Row:
    """One URL of the matrix: the URL pattern's name (what the coverage check counts), how to build the URL
    and the request's data from the app's world, and the outcome per role."""

    view: str
    url: Callable[[object], str]
    outcomes: dict
    method: str = "get"
    data: Callable[[object], dict] | None = None
    label: str = ""
    # After a refused POST nothing may have changed: `state(world)` is compared before and after.
    state: Callable[[object], object] | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.label or f"{self.method} {self.view}"


def cells(matrix: list[Row]):
    """Parametrise a test over every (row, role) of the matrix."""
    return pytest.mark.parametrize(
        ("row", "role"),
        [pytest.param(row, role, id=f"{row.name}-{role}") for row in matrix for role in row.outcomes],
    )


def sign_in(client, request, role: str):
    """Sign `role` in (a fixture of that name); nobody for the anonymous column."""
    if role == "anonymous":
        return None
    person = request.getfixturevalue("alice" if role == "alice_on_sub_agency" else role)
    client.force_login(person)
    return person


def check(client, request, world, row: Row, role: str):
    """Request the row's URL as `role` and compare with the expected outcome. Returns the response."""
    sign_in(client, request, role)
    before = row.state(world) if row.state else None
    send = getattr(client, row.method)
    response = send(row.url(world), row.data(world) if row.data else {}) if row.method == "post" else send(
        row.url(world)
    )
    expected = row.outcomes[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{row.name} as {role}: {response.status_code}"
        assert response.url.startswith("/accounts/login/"), f"{row.name} as {role}: {response.url}"
    else:
        assert response.status_code == expected, f"{row.name} as {role}: {response.status_code}, not {expected}"
    if row.state and (expected == LOGIN or expected >= 400):
        assert row.state(world) == before, f"{row.name} as {role} changed something"
    return response
