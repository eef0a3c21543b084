"""/api/v1/figures/ returns what the dashboard shows for the same year, agency and unit: the same code
(dashboard.scoping) computes both."""

import json

import pytest
from django.core.cache import cache

from tests.dashboard.conftest import directives, province  # noqa: F401 - the dashboard's small province

pytestmark = pytest.mark.django_db


def _dashboard_data(client, user, params):
    client.force_login(user)
    # With no year asked for the page falls back to the last complete year when nothing was decided this year
    # (a leader opening it in January); an empty `year=` asks it for today's figures, as the API's absent year does.
    response = client.get("/dashboard/", {"year": "", **params})
    assert response.status_code == 200
    # What the page renders, as JSON would carry it.
    return json.loads(json.dumps(response.context["data"]))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"year": 2023},
        {"year": 2022},
        {"agency": "agency"},
        {"unit": "new_commune"},
        {"year": 2023, "agency": "other"},
    ],
    ids=["today", "2023", "2022", "agency", "unit", "2023-other-agency"],
)
def test_the_figures_are_the_dashboards(client, api_as, leader, province, directives, agency, other_agency, params):  # noqa: F811
    named = {"agency": agency, "other": other_agency, "new_commune": province.new_commune}
    query = {key: named[value].pk if value in named else value for key, value in params.items()}
    shown = _dashboard_data(client, leader, query)
    cache.clear()  # the API computes afresh rather than reading the page's cached figures
    response = api_as(leader).get("/api/v1/figures/", query)
    assert response.status_code == 200
    assert response.json() == shown


def test_the_2023_roll_up(api_as, reviewer, province, directives):  # noqa: F811
    """The figures of the dashboard's test province at the end of 2023: in the list, new, removed."""
    body = api_as(reviewer).get("/api/v1/figures/", {"year": 2023}).json()
    headline = {row["key"]: row["value"] for row in body["headline"]}
    assert headline["in_list"] == 5 and headline["new"] == 2 and headline["removed"] == 1
    assert body["directives"]["total"] == 3  # a draft meeting's directive is not a reviewer's to count


def test_an_official_gets_their_own_agencys_figures(client, api_as, alice, province, directives):  # noqa: F811
    shown = _dashboard_data(client, alice, {})
    cache.clear()
    assert api_as(alice).get("/api/v1/figures/").json() == shown


def test_an_official_cannot_ask_for_another_agency(api_as, alice, other_agency, province):  # noqa: F811
    response = api_as(alice, "en").get("/api/v1/figures/", {"agency": other_agency.pk})
    assert response.status_code == 400
    assert list(response.json()) == ["agency"]


def test_a_bad_year_is_a_400(api_as, leader):
    response = api_as(leader, "en").get("/api/v1/figures/", {"year": "1200"})
    assert response.status_code == 400
    assert "year" in response.json()


def test_no_role_no_figures(api_as, nobody):
    assert api_as(nobody).get("/api/v1/figures/").status_code == 403
