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
from unittest import mock
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
# Separation of duties: a superuser passes exactly the checks of their roles. Every row gets these columns
# without naming them: a superuser with no role is answered as `nobody`, one with the administrator role as the
# administrator.
SUPERUSER_COLUMNS = {"superuser": "nobody", "superuser_administrator": "administrator"}


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


STAND_IN_PDF = b"%PDF-1.7\n% laid out for real by tests/test_pdf_exports.py\n%%EOF\n"

LOGIN = Outcome(302, to="/accounts/login/?next={next}", refused=True)
ADMIN_LOGIN = Outcome(302, to="/admin/login/?next={next}", refused=True)


def expect(default, *, also=(), **special) -> dict:
    """The outcome per role: `default` for each role not named, and for the extra columns `also` adds;
    anonymous visitors log in unless named."""
    unknown = (set(special) | set(also)) - set(ROLES) - set(EXTRA_ROLES) - set(SUPERUSER_COLUMNS)
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




def outcomes_of(row: "Row") -> dict:
    """The row's outcome per role, the superuser columns included."""
    extra = {column: row.outcomes[like] for column, like in SUPERUSER_COLUMNS.items() if like in row.outcomes}
    return {**extra, **row.outcomes}  # a row may name a superuser column where a superuser differs (its 2nd factor)


def cells(matrix: list[Row]):
    """Parametrise a test over every (row, role) of the matrix."""
    return pytest.mark.parametrize(
        ("row", "role"),
        [pytest.param(row, role, id=f"{row.name}-{role}") for row in matrix for role in outcomes_of(row)],
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
    # The matrix asks who may draw a PDF, not what it holds (tests/test_pdf_exports.py, the audit log's and the
    # browser tests read real ones): the view runs whole, its template rendered, but WeasyPrint's layout (1 to 2 s
    # a page, for each allowed role of each PDF row) is replaced by a stand-in document.
    with mock.patch("weasyprint.HTML.write_pdf", return_value=STAND_IN_PDF):
        response = getattr(client, row.method)(url, data, **extra)

    expected = outcomes_of(row)[role]
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


# The other method -----------------------------------------------------------------------------------------------
# A module's rows name the method each page is for (GET for a page, POST for an action). The full cross product asks
# every pattern with the other method too, for every role, against this rule: a refusal stays a refusal (the same
# outcome, or 405), an allowed person gets the same answer or 405, never a server error, and nothing is written.


def other_methods(matrix: list[Row]):
    """Parametrise a test over every pattern whose rows name one method, with the row and the method they lack."""
    by_view: dict[str, dict[str, Row]] = {}
    for row in matrix:
        by_view.setdefault(row.view, {}).setdefault(row.method, row)
    params = [
        pytest.param(row, other, id=f"{other} {view}")
        for view, rows in by_view.items()
        if len(rows) == 1
        for method, row in rows.items()
        for other in [{"get": "post", "post": "get"}[method]]
    ]
    return pytest.mark.parametrize(("row", "method"), params)


def _written(world) -> dict:
    """How many rows each of the product's tables holds (the audit log and sessions aside)."""
    from django.apps import apps
    from django.db import connection

    tables = sorted(
        model._meta.db_table
        for label in ("accounts", "models_registry", "meetings", "compilations")
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    )
    # One query for all of them (a COUNT per table per role made this check most of the matrix's time).
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608 - the project's own table names, quoted
        return dict(zip(tables, cursor.fetchone(), strict=True))


def check_other_method(client, request, world, row: Row, method: str) -> int:
    """Ask the row's URL with `method` as every role of the row; returns the number of cells. Fails listing every
    cell that broke the rule."""
    failures, cells_asked = [], 0
    url = row.url(world)
    for role, expected in outcomes_of(row).items():
        client.logout()
        sign_in(client, request, role)
        before = _written(world)
        response = getattr(client, method)(url)
        cells_asked += 1
        outcome = expected if isinstance(expected, Outcome) else Outcome(expected)
        allowed = {outcome.status, 405}
        cell = f"{method} {row.view} as {role}"
        if response.status_code not in allowed:
            failures.append(f"{cell}: {response.status_code}, not one of {sorted(allowed)}")
        elif response.status_code == outcome.status == 302 and outcome.is_refusal and outcome.to:
            to = outcome.to(world) if callable(outcome.to) else outcome.to.format(next=quote(url))
            if response["Location"] != to:
                failures.append(f"{cell}: sent to {response['Location']}, not {to}")
        if _written(world) != before:
            failures.append(f"{cell} wrote something")
    from tests.access_figures import note_failed_cells

    note_failed_cells(request.node, len(failures))
    assert not failures, "\n".join(failures)
    return cells_asked
