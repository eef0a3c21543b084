"""The public pages run a fixed number of queries whatever they show (tests/performance's budgets): the units of
today (2025 successions) and the indicators come prefetched, never one query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from models_registry.models import AdministrativeUnit
from tests.compilations.factories import NominationFactory
from tests.factories import ModelIndicatorFactory, MovementModelFactory

LIST_BUDGET = 8
DETAIL_BUDGET = 8

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_as_rendered(settings):
    """The queries of each page as rendered, not of the copy kept until the data changes (test_caching.py): a test's
    changes are never committed, so they never move the version the copy is kept under."""
    settings.PUBLIC_SHOWCASE_CACHE_SECONDS = 0  # a timeout of 0 keeps nothing


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured), response


def add_entries(world, count):
    merged = list(AdministrativeUnit.objects.filter(valid_to__isnull=False, successors__isnull=False)[:5])
    current = list(AdministrativeUnit.objects.current().filter(level="commune")[:5])
    for n in range(count):
        model = MovementModelFactory(recognised=True, is_typical=True, field=world.road if n % 2 else world.light,
                                     registered_unit=(merged + current)[n % 10])
        ModelIndicatorFactory(model=model, indicator_type=world.land, year=2022)
        ModelIndicatorFactory(model=model, indicator_type=world.land, year=2023)
        NominationFactory(compilation=world.compilation, model=model, written_up=True)


PAGES = {
    "index": lambda w: "/public/",
    "list": lambda w: "/public/models/",
    "search": lambda w: "/public/models/?q=mo+hinh",
    "compilation": lambda w: f"/public/compilations/{w.compilation.pk}/",
    "csv": lambda w: "/public/models.csv",
    "json": lambda w: "/public/en/models.json",
}


@pytest.mark.parametrize("page", PAGES)
def test_a_public_list_runs_the_same_few_queries_for_12_rows_and_24(client, world, page):
    """12 rows already hold every kind of unit (current, merged, a district of a former province): a prefetch runs
    only when some row needs it, so a bare page may run fewer; more rows of the same kinds add none."""
    url = PAGES[page](world)
    add_entries(world, 10)
    client.get(url)  # the cached choices of the filters: read once per change
    few, response = queries(client, url)
    add_entries(world, 12)
    client.get(url)  # the new agencies changed the cached choices: read them again once
    more, response = queries(client, url)
    assert more == few, f"{page}: {few} queries for 12 models, {more} for 24"
    assert more <= LIST_BUDGET, f"{page}: {more} queries (budget {LIST_BUDGET})"


def test_the_model_page_runs_the_same_few_queries_however_much_it_holds(client, world):
    url = f"/public/models/{world.public_model.code}/"
    few, _response = queries(client, url)
    for year in range(2015, 2022):
        ModelIndicatorFactory(model=world.public_model, indicator_type=world.land, year=year)
    more, response = queries(client, url)
    assert response.content.decode().count("<tr>") >= 8
    assert more == few and more <= DETAIL_BUDGET, f"{few} then {more} queries (budget {DETAIL_BUDGET})"
