"""Query flatness (issue 15): every list page and each tab of the model's page run a fixed number of queries,
whatever the number of rows, and no more than the budget (8 for a list, 12 for each tab of the model's page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from models_registry import services
from models_registry.choices import ModelStatus, ReplicationKind
from models_registry.models import AdministrativeUnit, Field
from tests.factories import (
    AgencyFactory,
    DirectiveFactory,
    MeetingFactory,
    ModelAttachmentFactory,
    ModelIndicatorFactory,
    MovementModelFactory,
    ReferenceDocumentFactory,
    ReplicationFactory,
    ReviewFlagFactory,
    UserFactory,
)
from tests.models_registry import steps

LIST_BUDGET = 8
DETAIL_BUDGET = 12


@pytest.fixture
def world(db, agency, sub_agency):
    province = AdministrativeUnit.objects.get(code="37", valid_to__isnull=True)
    units = list(AdministrativeUnit.objects.current().filter(parent=province)[:5])
    return {"agencies": [agency, sub_agency, AgencyFactory(parent=sub_agency)], "fields": list(Field.objects.all()),
            "units": units}


def add_models(world, count, **kwargs):
    for n in range(count):
        MovementModelFactory(
            owner_agency=world["agencies"][n % 3],
            field=world["fields"][n % len(world["fields"])],
            registered_unit=world["units"][n % len(world["units"])],
            is_typical=n % 2 == 0,
            **kwargs,
        )


def add_rows(kind, world, count):
    if kind.startswith("models"):
        add_models(world, count, recognised=True)
    elif kind == "reviews":
        add_models(world, count, status=ModelStatus.SUBMITTED)
    elif kind == "directives":
        for n in range(count):
            DirectiveFactory(lead=world["agencies"][n % 3], cooperating=[world["agencies"][(n + 1) % 3]])
    elif kind == "meetings":
        for n in range(count):
            MeetingFactory(published=True, organisers=[world["agencies"][n % 3]])
    elif kind == "documents":
        for _n in range(count):
            ReferenceDocumentFactory()


LISTS = {
    "models": ("/models/", {}),
    "models_sorted": ("/models/", {"o": "agency", "q": "dan van"}),
    "models_last": ("/models/", {"page": "last"}),
    "models_ranked": ("/models/", {"q": "dan van"}),  # ranked by the search, the matches highlighted
    "reviews": ("/reviews/", {}),
    "directives": ("/directives/", {}),
    "meetings": ("/meetings/", {}),
    "documents": ("/documents/", {}),
}


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("kind", LISTS)
def test_a_list_page_runs_the_same_few_queries_for_3_rows_and_30(client, world, kind, settings):
    settings.REGISTRY_PAGE_SIZE = 100  # every row on one page, so a query per row would show
    user = UserFactory(agency=None, roles=[Role.REVIEWER, Role.SECRETARY, Role.LEADER])
    client.force_login(user)
    url, params = LISTS[kind]
    add_rows(kind, world, 3)
    client.get(url, params)  # the session, the content types, the permissions: cached per process
    few, response = count_queries(client, url, params)
    shown_few = response.content.decode().count("<tr") - 1
    add_rows(kind, world, 27)
    client.get(url, params)  # the new agencies and meetings change the drop-downs: the first page rebuilds them
    more, response = count_queries(client, url, params)

    assert response.content.decode().count("<tr") - 1 > shown_few  # the new rows are on the page
    assert more == few, f"{kind}: {few} queries for 3 rows, {more} for 30"
    assert more <= LIST_BUDGET, f"{kind}: {more} queries (budget {LIST_BUDGET})"


# The model's page, one tab at a time ------------------------------------------------------------------------------
# Each tab reads what it shows in a fixed number of queries; the user's rights (which buttons the header shows) come
# with the model's own row. A "bare" model is what the factory makes; "full" adds many rows of what the tab shows.


@pytest.fixture
def reader(db):
    """Sees everything a model's page can show: its moves, the directives of published and draft meetings."""
    return UserFactory(agency=None, roles=[Role.REVIEWER, Role.SECRETARY, Role.LEADER])


def former_unit():
    """A unit that no longer exists, with a successor: its page also reads the units that stand for it today."""
    return AdministrativeUnit.objects.filter(valid_to__isnull=False, successors__isnull=False).first()


@pytest.mark.parametrize("unit", ["current", "former"])
def test_the_models_details_run_a_fixed_few_queries_however_much_it_holds(client, world, reader, unit):
    """As many queries for a model with ten years of results, five files, five partners, three documents and three
    directives as for one with three of each; a model no document or directive names skips those two lists."""
    registered_unit = world["units"][0] if unit == "current" else former_unit()
    model = MovementModelFactory(flagged=True, owner_agency=world["agencies"][0], registered_unit=registered_unit)
    client.force_login(reader)
    client.get(model.get_absolute_url())
    bare, _response = count_queries(client, model.get_absolute_url(), {})
    for year in range(2015, 2025):
        ModelIndicatorFactory(model=model, year=year)
    for _ in range(5):
        ModelAttachmentFactory(model=model, original_name="bao-cao.pdf")
    model.cooperating_agencies.set(AgencyFactory.create_batch(5))
    for _ in range(3):
        ReferenceDocumentFactory().registry_models.add(model)
        DirectiveFactory().registry_models.add(model)
    ReviewFlagFactory(model=model)
    some, _response = count_queries(client, model.get_absolute_url(), {})
    for year in range(2000, 2015):
        ModelIndicatorFactory(model=model, year=year)
    for _ in range(10):
        ModelAttachmentFactory(model=model, original_name="bao-cao.pdf")
    model.cooperating_agencies.add(*AgencyFactory.create_batch(5))
    for _ in range(5):
        ReferenceDocumentFactory().registry_models.add(model)
        DirectiveFactory().registry_models.add(model)
    full, response = count_queries(client, model.get_absolute_url(), {})

    page = response.content.decode()
    assert page.count("bao-cao.pdf") == 15 and 'id="documents-and-directives"' in page and "flag-panel" in page
    assert full == some, f"{some} queries for a model with three documents and directives, {full} with eight"
    assert bare == full - 2, f"{bare} queries for a model nothing names, {full} for one with documents and directives"
    assert full <= DETAIL_BUDGET, f"{full} queries (budget {DETAIL_BUDGET})"


def test_the_models_replication_tab_runs_the_same_few_queries_however_far_it_spread(client, world, reader):
    model = MovementModelFactory(recognised=True, owner_agency=world["agencies"][0], registered_unit=world["units"][0])
    client.force_login(reader)
    client.get(model.get_spread_url())
    # Nothing linked: the units of today are not read at all, so no more queries than with links.
    none, _response = count_queries(client, model.get_spread_url(), {})
    ReplicationFactory(replica=model)
    ReplicationFactory(source=model)
    one, _response = count_queries(client, model.get_spread_url(), {})
    for n in range(5):
        ReplicationFactory(replica=model, source__registered_unit=world["units"][n])
        onward = ReplicationFactory(source=model, replica__registered_unit=world["units"][n]).replica
        ReplicationFactory(source=onward, replica__owner_agency=world["agencies"][n % 3])
    many, response = count_queries(client, model.get_spread_url(), {})

    assert (len(response.context["spread"].sources), len(response.context["spread"].reached)) == (6, 11)
    assert none <= one
    assert many == one, f"{one} queries for one link each way, {many} for 6 sources and 11 models reached"
    assert many <= DETAIL_BUDGET, f"{many} queries (budget {DETAIL_BUDGET})"


def test_the_models_history_tab_runs_the_same_few_queries_however_long_its_history(
    client, world, reader, alice, reviewer
):
    model = MovementModelFactory(recognised=True, owner_agency=alice.agency, registered_unit=world["units"][0])
    client.force_login(reader)
    client.get(model.get_history_url())
    bare, _response = count_queries(client, model.get_history_url(), {})
    for n in range(3):
        model.name = f"Tên thứ {n}"
        model.save()
        ModelIndicatorFactory(model=model, year=2020 + n)
        ModelAttachmentFactory(model=model)
        model.cooperating_agencies.set(AgencyFactory.create_batch(2))
        services.replication_link(
            replica=model, source=MovementModelFactory(recognised=True), kind=ReplicationKind.ADOPTED, user=reviewer
        )
        steps.flag(model, reviewer, evidence=[steps.pdf(f"bien-ban-{n}.pdf")])
        steps.answer(model, alice, attachments=[steps.pdf(f"giai-trinh-{n}.pdf")])
        steps.keep(model, reviewer)
    full, response = count_queries(client, model.get_history_url(), {})

    timeline = response.context["timeline"]
    assert len(timeline) >= 30
    assert sum(len(entry.event.evidence) for entry in timeline if entry.event) == 6  # each flag's and answer's file
    assert full == bare, f"{bare} queries for a new model's history, {full} for a long one"
    assert full <= DETAIL_BUDGET, f"{full} queries (budget {DETAIL_BUDGET})"
