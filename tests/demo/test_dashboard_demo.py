"""The dashboard over the demo data shows the source's figures: 1,635 models in the list, 421 new in 2023."""

import pytest
from django.urls import reverse

from accounts.models import User
from demo.registry import REMOVED_IN_2023_REVIEW
from tests.dashboard.helpers import figure, figure_links, list_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_output):
    """The demo, loaded once for the package (tests/demo/conftest.py)."""


def test_the_leader_sees_1635_models_in_the_list_of_which_421_new_in_2023(demo, client):
    client.force_login(User.objects.get(username="lanhdao"))
    response = client.get(reverse("dashboard:index"), {"year": 2023})
    assert figure(response, "in_list") == 1635
    assert figure(response, "new") == 421
    assert figure(response, "removed") == len(REMOVED_IN_2023_REVIEW)  # the 2023 review's removals
    years = {row["year"]: row for row in response.context["data"]["by_year"]}
    assert years[2023]["total"] == 1635
    # The fields, agencies and units add up: each model has one field, and the demo's agencies are disjoint trees.
    data = response.context["data"]
    assert sum(row["value"] for row in data["by_field"]) == 1635
    assert sum(row["value"] for row in data["by_agency"]) == 1635


def test_the_demo_headline_figures_match_their_lists(demo, client, settings):
    settings.REGISTRY_COUNT_CAP = 10_000  # the list counts exactly up to the cap; the figures are exact
    client.force_login(User.objects.get(username="lanhdao"))
    response = client.get(reverse("dashboard:index"), {"year": 2023})
    links = figure_links(response)
    for url, shown in links[:12]:  # the headline figures and the directives; the tables are checked on small data
        assert list_count(client, url) == shown, url


def test_the_official_of_kim_son_sees_kim_son(demo, client):
    official = User.objects.get(username="canbo")
    client.force_login(official)
    response = client.get(reverse("dashboard:index"))
    assert response.context["scope"].agency == official.agency
    assert 0 < figure(response, "in_list") < 1635
    url, shown = figure_links(response)[0]
    assert list_count(client, url) == shown
