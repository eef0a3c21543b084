"""The permission-matrix harness every app's access tests use: a row per URL (and method), the outcome expected
for every role, and one check.

An app's test module declares `MATRIX`, a list of `Row`s, builds the records its URLs need in a `world`
fixture, and runs `check(...)` over `cells(MATRIX)`. tests/test_permission_matrix.py fails when a URL pattern of
the project has no row in any app's MATRIX.

Outcomes: an HTTP status code, LOGIN (anonymous visitors are sent to the login page, which is the default
for the "anonymous" column), or an `Outcome` when a cell expects more than a status: where a redirect goes,
a message the user is shown, or a request refused although it answers with a redirect.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import resolve
from django.utils import translation

ROLES = ("anonymous", "nobody", "alice", "bob", "reviewer", "secretary", "leader", "administrator")
# Columns a module adds when its rules need them: alice acting on models of sub_agency, beneath her agency
# (signed in as alice; the module's world gives those models to sub_agency), and a reviewer of alice's agency
# (a fixture of tests/models_registry/conftest.py).
EXTRA_ROLES = ("alice_on_sub_agency", "reviewer_of_owning_agency")


@dataclass(frozen=True)
class Outcome:
    """What a request gets: a status; for a redirect, where to (a path, "{next}" standing for the requested
    URL, or a function of the world); a message shown to the user (a msgid, read in the default language)."""

    status: int
    to: str | Callable[[object], str] | None = None
    message: str = ""
    # Refused requests change nothing. A 4xx is always refused; a redirect is when `refused` says so.
    refused: bool = False

    @property
    def is_refusal(self) -> bool:
        return self.refused or self.status >= 400


LOGIN = Outcome(302, to="/accounts/login/?next={next}", refused=True)
ADMIN_LOGIN = Outcome(302, to="/admin/login/?next={next}", refused=True)


def expect(default, *, also=(), **special) -> dict:
    """The outcome per role: `default` for each role not named, and for the extra columns `also` adds;
    anonymous visitors log in unless named."""
    unknown = (set(special) | set(also)) - set(ROLES) - set(EXTRA_ROLES)
    assert not unknown, f"unknown roles {unknown}"
    outcomes = {role: default for role in (*ROLES, *also)}
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
    # "application/json" for the API: the data is sent as a JSON body.
    content_type: str = ""
    # A GET and a refused request change nothing: `state(world)` is compared before and after.
    state: Callable[[object], object] | None = field(default=None, compare=False)
    # Whether the request took effect: true after an allowed request, false after a refused one.
    done: Callable[[object], bool] | None = field(default=None, compare=False)
    # Text a 200 shows and any other answer must not (a record's name, a file's content).
    reveals: Callable[[object], str] | None = field(default=None, compare=False)

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
    # The URL and data first: a world may make its records on first use, and they are not a change.
    url = row.url(world)
    data = row.data(world) if row.data else {}
    assert resolve(url.split("?")[0]).view_name == row.view, f"{row.name}: {url} is not {row.view}"
    before = row.state(world) if row.state else None
    revealed = row.reveals(world) if row.reveals else None
    extra = {"content_type": row.content_type} if row.content_type else {}
    response = getattr(client, row.method)(url, data, **extra)

    expected = row.outcomes[role]
    outcome = expected if isinstance(expected, Outcome) else Outcome(expected)
    cell = f"{row.name} as {role}"
    assert response.status_code == outcome.status, f"{cell}: {response.status_code}, not {outcome.status}"
    if outcome.to:
        to = outcome.to(world) if callable(outcome.to) else outcome.to.format(next=quote(url))
        assert response["Location"] == to, f"{cell}: sent to {response['Location']}, not {to}"
    if outcome.message:
        assert _shows(response, outcome.message), f"{cell}: no message {outcome.message!r}"
    if row.state and (row.method == "get" or outcome.is_refusal):
        assert row.state(world) == before, f"{cell} changed something"
    if row.done:
        took_effect = row.done(world)
        assert took_effect != outcome.is_refusal, f"{cell}: took effect is {took_effect}"
    if revealed is not None:
        shown = revealed.encode() in _content(response)
        assert shown == (outcome.status == 200), f"{cell}: shows {revealed!r} is {shown}"
    return response


def _shows(response, msgid: str) -> bool:
    """Whether the user reads the message, in the default language: on the page, or after a redirect on the
    next one (the message is queued for it)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(msgid)
    if response.status_code == 302:
        return any(text in str(message) for message in get_messages(response.wsgi_request))
    return html.escape(text, quote=False) in response.content.decode()


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content
