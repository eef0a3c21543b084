"""Replication as people meet it: the registration form's field, the model's page (where it came from, where it
has spread, the reviewer's small form), the list's filters and sort, its query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from models_registry import services
from models_registry.choices import ReplicationKind, UnitLevel
from models_registry.models import MovementModel, Replication
from tests.factories import (
    AdministrativeUnitFactory,
    AgencyFactory,
    FieldFactory,
    MovementModelFactory,
    ReplicationFactory,
    UnitSuccessionFactory,
)

from .helpers import edit_model_data, new_model_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_interface(settings):
    """These tests read the English source messages (the catalogue may be compiled): pages and services speak
    English here."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def source(other_agency):
    return MovementModelFactory(recognised=True, owner_agency=other_agency, name="Dân vận khéo hiến đất làm đường")


@pytest.fixture
def spread_world(source):
    """source is replicated by r1 (in Xã Cũ, merged into Xã Mới in 2025) and r2, and onward by r3 (via r1); a draft
    replicating r2 has spread nothing yet."""
    province = AdministrativeUnitFactory(name="Tỉnh Thử", level=UnitLevel.PROVINCE)
    old = AdministrativeUnitFactory(name="Xã Cũ", parent=province, valid_to=datetime.date(2025, 6, 30))
    new = AdministrativeUnitFactory(name="Xã Mới", parent=province, valid_from=datetime.date(2025, 7, 1))
    other = AdministrativeUnitFactory(name="Xã Khác", parent=province)
    UnitSuccessionFactory(predecessor=old, successor=new, effective_date=datetime.date(2025, 7, 1))
    a1, a2 = AgencyFactory(short_name="Đảng ủy Cũ"), AgencyFactory(short_name="Đảng ủy Khác")
    r1 = MovementModelFactory(recognised=True, registered_unit=old, owner_agency=a1, name="Hiến đất ở xã cũ")
    r2 = MovementModelFactory(recognised=True, registered_unit=other, owner_agency=a2, name="Hiến đất ở xã khác")
    r3 = MovementModelFactory(recognised=True, registered_unit=new, owner_agency=a2, name="Hiến đất lần ba")
    draft = MovementModelFactory(registered_unit=other, owner_agency=a2, name="Bản nháp bí mật")
    ReplicationFactory(replica=r1, source=source, kind=ReplicationKind.ADAPTED)
    ReplicationFactory(replica=r2, source=source)
    ReplicationFactory(replica=r3, source=r1)
    ReplicationFactory(replica=draft, source=r2)
    return {"r1": r1, "r2": r2, "r3": r3, "draft": draft}


# The model's page --------------------------------------------------------------------------------------------------


def test_the_page_shows_where_the_model_has_spread_with_todays_units_and_agencies(client, bob, source, spread_world):
    client.force_login(bob)
    response = client.get(source.get_spread_url())
    page = response.content.decode()

    spread = response.context["spread"]
    assert [(row.model.name, row.depth) for row in spread.reached] == [
        ("Hiến đất ở xã cũ", 1),
        ("Hiến đất ở xã khác", 1),
        ("Hiến đất lần ba", 2),
    ]
    assert "Bản nháp bí mật" not in page  # another agency's draft: neither shown nor counted
    # Xã Cũ is Xã Mới today, so r1 and r3 are in one commune of today; two agencies.
    assert [u.name for u in spread.reached[0].units_today] == ["Xã Mới"]
    assert (len(spread.communes), len(spread.agencies)) == (2, 2)
    assert "Replicated by 3 models in the list (2 directly), in 2 communes or wards of today, by 2 agencies." in page
    assert "Xã Mới" in page and "Đảng ủy Khác" in page


def test_the_page_of_a_replica_shows_where_it_came_from(client, bob, source, spread_world):
    client.force_login(bob)
    response = client.get(spread_world["r1"].get_spread_url())
    assert [link.source for link in response.context["spread"].sources] == [source]
    page = response.content.decode()
    assert source.name in page and "Adapted" in page
    assert "Add a model it replicates" not in page  # bob may not set r1's links


def test_the_page_runs_the_same_queries_for_one_replica_and_ten(client, reviewer, source):
    client.force_login(reviewer)
    ReplicationFactory(source=source)
    client.get(source.get_spread_url())
    with CaptureQueriesContext(connection) as few:
        client.get(source.get_spread_url())
    previous = source
    for _ in range(9):  # a chain: each replicates the one before, each in its own unit and agency
        previous = ReplicationFactory(source=previous).replica
    with CaptureQueriesContext(connection) as more:
        response = client.get(source.get_spread_url())
    assert len(response.context["spread"].reached) == 10
    assert len(more) == len(few), "a query per replicating model"


# The reviewer's small form ----------------------------------------------------------------------------------------


def test_a_reviewer_adds_a_link_by_a_name_without_diacritics(client, reviewer, source, agency):
    model = MovementModelFactory(recognised=True, owner_agency=agency)
    client.force_login(reviewer)
    response = client.post(
        f"/models/{model.pk}/replications/", {"source": "dan van kheo hien dat", "kind": "adapted", "note": "Ghi chú"}
    )
    assert response.status_code == 302
    link = Replication.objects.get()
    assert (link.replica, link.source, link.kind, link.note, link.created_by) == (
        model,
        source,
        "adapted",
        "Ghi chú",
        reviewer,
    )


def test_a_reviewer_corrects_and_removes_a_link(client, reviewer, source):
    link = ReplicationFactory(source=source)
    client.force_login(reviewer)
    client.post(f"/models/{link.replica_id}/replications/{link.pk}/", {"kind": "adapted"})
    assert Replication.objects.get().kind == "adapted"
    client.post(f"/models/{link.replica_id}/replications/{link.pk}/remove/")
    assert not Replication.objects.exists()
    assert Replication.history.filter(id=link.pk).count() == 3  # added, changed, removed


def test_a_cycle_from_the_page_is_refused_with_a_message(client, reviewer, source):
    link = ReplicationFactory(source=source)
    client.force_login(reviewer)
    response = client.post(
        f"/models/{source.pk}/replications/", {"source": link.replica.code, "kind": "adopted"}, follow=True
    )
    assert "would make a circle" in response.content.decode()
    assert Replication.objects.count() == 1


def test_an_official_of_another_agency_may_not_touch_the_links(client, bob, source):
    link = ReplicationFactory(source=source)
    client.force_login(bob)
    assert client.post(f"/models/{link.replica_id}/replications/{link.pk}/remove/").status_code == 403
    assert client.post(f"/models/{link.replica_id}/replications/", {"source": source.code}).status_code == 403
    assert Replication.objects.count() == 1


def test_the_link_pages_take_only_post(client, reviewer, source):
    link = ReplicationFactory(source=source)
    client.force_login(reviewer)
    assert client.get(f"/models/{link.replica_id}/replications/{link.pk}/remove/").status_code == 405


def test_the_history_says_who_linked_corrected_and_took_away_each_replication(client, reviewer, source):
    draft = MovementModelFactory(recognised=True)
    link = services.replication_link(replica=draft, source=source, kind=ReplicationKind.ADOPTED, user=reviewer)
    services.replication_change(link=link, kind=ReplicationKind.ADAPTED, user=reviewer)
    services.replication_unlink(link=link, user=reviewer)
    client.force_login(reviewer)
    timeline = client.get(draft.get_history_url()).context["timeline"]
    said = [(entry.summary, entry.who) for entry in timeline if source.code in entry.summary]
    assert said == [
        (f"Took away that it replicates {source.code}", reviewer),
        (f"Changed how it replicates {source.code}: Adapted", reviewer),
        (f"Said it replicates {source.code} (Adopted as is)", reviewer),
    ]


# The registration form ---------------------------------------------------------------------------------------------


def test_an_official_registers_a_model_that_replicates_two(client, alice, agency, source):
    other = MovementModelFactory(recognised=True, name="Tổ hòa giải giỏi")
    client.force_login(alice)
    data = new_model_data(
        owner_agency=agency,
        registered_unit=AdministrativeUnitFactory(),
        field=FieldFactory(),
        replicates=f"{source.code}\nto hoa giai",
        replication_kind="adapted",
    )
    response = client.post("/models/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    model = MovementModel.objects.get(owner_agency=agency)
    assert set(model.replication_sources.values_list("source", "kind")) == {
        (source.pk, "adapted"),
        (other.pk, "adapted"),
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [("khong co mo hinh nay", "No model in the list matches"), ("hien dat", "matches several models")],
)
def test_a_line_that_finds_no_model_or_several_is_refused(client, alice, agency, source, text, message):
    MovementModelFactory(recognised=True, name="Hiến đất mở đường")
    client.force_login(alice)
    data = new_model_data(
        owner_agency=agency, registered_unit=AdministrativeUnitFactory(), field=FieldFactory(), replicates=text
    )
    response = client.post("/models/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MovementModel.objects.filter(owner_agency=agency).exists()


def test_the_edit_form_shows_and_keeps_the_models_it_replicates(client, alice, agency, source):
    draft = MovementModelFactory(owner_agency=agency)
    ReplicationFactory(replica=draft, source=source)
    client.force_login(alice)
    page = client.get(f"/models/{draft.pk}/edit/").content.decode()
    assert f"{source.code} · {source.name}" in page


def test_saving_the_edit_form_keeps_each_links_own_kind_unless_the_person_changes_how(client, alice, agency, source):
    draft = MovementModelFactory(owner_agency=agency)
    adopted = ReplicationFactory(replica=draft, source=source, kind=ReplicationKind.ADOPTED)
    other = MovementModelFactory(recognised=True, code="ZZZ-2023-00001")  # after the source by code
    ReplicationFactory(replica=draft, source=other, kind=ReplicationKind.ADAPTED)  # a reviewer's correction
    third = MovementModelFactory(recognised=True)
    client.force_login(alice)
    initial = client.get(f"/models/{draft.pk}/edit/").context["form"]["replication_kind"].initial
    assert initial == adopted.kind  # the first link's, in code order

    lines = f"{source.code}\n{other.code}\n{third.code}"
    response = client.post(f"/models/{draft.pk}/edit/",
                           edit_model_data(draft, replicates=lines, replication_kind=initial))
    assert response.status_code == 302
    assert dict(draft.replication_sources.values_list("source", "kind")) == {
        source.pk: ReplicationKind.ADOPTED, other.pk: ReplicationKind.ADAPTED, third.pk: ReplicationKind.ADOPTED
    }

    response = client.post(f"/models/{draft.pk}/edit/",
                           edit_model_data(draft, replicates=lines, replication_kind=ReplicationKind.ADAPTED))
    assert response.status_code == 302
    assert set(draft.replication_sources.values_list("kind", flat=True)) == {ReplicationKind.ADAPTED}


# The list ----------------------------------------------------------------------------------------------------------


def listed(client, **params):
    response = client.get("/models/", params)
    assert response.status_code == 200
    return [model.pk for model in response.context["models"]]


def test_the_list_filters_by_replication(client, bob, source, spread_world):
    client.force_login(bob)
    r1, r2, r3 = spread_world["r1"], spread_world["r2"], spread_world["r3"]
    assert set(listed(client, replicated="true")) == {source.pk, r1.pk}
    assert set(listed(client, replicates="true")) == {r1.pk, r2.pk, r3.pk}  # the draft is not in the list
    assert source.pk not in listed(client, replicates="true") and source.pk in listed(client, replicates="false")
    assert set(listed(client, replicated="false")) == {r2.pk, r3.pk}


def test_the_list_sorts_by_spread(client, bob, source, spread_world):
    client.force_login(bob)
    rows = listed(client, o="-spread")
    assert rows[:2] == [source.pk, spread_world["r1"].pk]
    # Paging by keys over the spread: two rows a page, and the next page follows on.
    response = client.get("/models/", {"o": "-spread"})
    assert response.context["models"][0].spread == 3
