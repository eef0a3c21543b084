"""Reading the registry through the API: the same rows as the web lists for the same query (the same FilterSets,
narrowed by the same visible_to), the resources' shape, errors and paging."""

import datetime

import pytest

from models_registry.choices import ModelStatus
from tests.factories import (
    AdministrativeUnitFactory,
    AgencyFactory,
    DirectiveFactory,
    FieldFactory,
    MeetingFactory,
    ModelAttachmentFactory,
    ModelIndicatorFactory,
    MovementModelFactory,
    ReferenceDocumentFactory,
    UnitSuccessionFactory,
)
from tests.models_registry.helpers import listed

from .conftest import all_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(agency, sub_agency, other_agency):
    """Models of every status in two agencies, two fields, a unit merged into another."""
    old = AdministrativeUnitFactory(name="Xã Cũ", valid_to=datetime.date(2025, 6, 30))
    new = AdministrativeUnitFactory(name="Xã Mới", valid_from=datetime.date(2025, 7, 1))
    UnitSuccessionFactory(predecessor=old, successor=new, effective_date=datetime.date(2025, 7, 1))
    economy, culture = FieldFactory(name="Kinh tế"), FieldFactory(name="Văn hóa")
    models = {
        "kim_son": MovementModelFactory(recognised=True, owner_agency=agency, field=economy, registered_unit=old,
                                        name="Đường giao thông nông thôn"),
        "sub": MovementModelFactory(recognised=True, owner_agency=sub_agency, field=culture, registered_unit=new,
                                    recognition_year=2022, is_typical=True),
        "yen_mo": MovementModelFactory(recognised=True, owner_agency=other_agency, field=economy,
                                       recognition_year=2021),
        "flagged": MovementModelFactory(flagged=True, owner_agency=other_agency, field=culture),
        "removed": MovementModelFactory(status=ModelStatus.REMOVED, owner_agency=agency, field=economy,
                                        recognition_year=2021, removal_year=2023),
        "draft_kim_son": MovementModelFactory(owner_agency=agency, field=economy),
        "draft_yen_mo": MovementModelFactory(owner_agency=other_agency, field=economy),
        "submitted": MovementModelFactory(submitted=True, owner_agency=sub_agency, field=culture),
    }
    return {"models": models, "old": old, "new": new, "economy": economy, "agency": agency}


QUERIES = [
    {},
    {"status": "all"},
    {"status": "draft"},
    {"status": "flagged"},
    {"field": "economy"},
    {"agency": "agency"},
    {"unit": "new"},
    {"unit": "old"},
    {"in_list_at": 2022},
    {"removed_in": 2023},
    {"recognition_year": 2023, "status": "all"},
    {"typical": "true"},
    {"q": "duong giao thong"},
    {"status": "all", "agency": "agency", "field": "economy"},
]


@pytest.mark.parametrize("query", QUERIES, ids=[str(q) for q in QUERIES])
@pytest.mark.parametrize("person", ["alice", "bob", "reviewer"])
def test_api_list_and_web_list_return_the_same_models(client, request, api_as, registry, query, person):
    user = request.getfixturevalue(person)
    params = {key: registry[value].pk if value in registry else value for key, value in query.items()}
    client.force_login(user)
    web, cursor = [], {}
    while True:  # the web list's pages, by their "next" links (keyset cursors)
        response = client.get("/models/", {**params, **cursor})
        web += listed(response)
        page_obj = response.context["page_obj"]
        if not page_obj.has_next:
            break
        cursor = {"after": page_obj.next_cursor}
    api = [row["id"] for row in all_rows(api_as(user), "/api/v1/models/", params)]
    if "q" in params:  # the web list ranks a search (name matches first); the API keeps newest first
        assert sorted(api) == sorted(web)
    else:
        assert api == web  # the same rows in the same (newest first) order
    assert api or query in ({"status": "draft"},)  # each query finds something for someone


def test_nobody_sees_another_agencys_draft(api_as, registry, bob):
    api = api_as(bob)
    draft = registry["models"]["draft_kim_son"]
    assert draft.pk not in [row["id"] for row in all_rows(api, "/api/v1/models/", {"status": "all"})]
    assert api.get(f"/api/v1/models/{draft.pk}/").status_code == 404


def test_a_model_with_its_indicators_attachments_units_and_events(api_as, alice, registry):
    model = registry["models"]["kim_son"]
    indicator = ModelIndicatorFactory(model=model, value=1200, year=2023)
    attachment = ModelAttachmentFactory(model=model)
    response = api_as(alice).get(f"/api/v1/models/{model.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == f'"{model.version}"'
    body = response.json()
    assert body["code"] == model.code and body["status"] == "recognised"
    assert body["indicators"] == [
        {"indicator_type": indicator.indicator_type_id, "unit": indicator.indicator_type.unit, "value": "1200.00",
         "year": 2023}
    ]
    assert body["attachments"][0]["original_name"] == "bien-ban.pdf"
    assert body["attachments"][0]["download_url"] == f"/models/{model.pk}/attachments/{attachment.pk}/"
    assert body["registered_unit_detail"]["name"] == "Xã Cũ"
    assert [unit["name"] for unit in body["units_today"]] == ["Xã Mới"]
    assert body["events"] == []


def test_units_show_their_validity_and_successors(api_as, alice, registry):
    rows = {row["id"]: row for row in all_rows(api_as(alice), "/api/v1/units/")}
    old = rows[registry["old"].pk]
    assert old["valid_to"] == "2025-06-30"
    assert old["successions"] == [
        {"successor": registry["new"].pk, "effective_date": "2025-07-01", "share": "full", "legal_basis": ""}
    ]
    current = {row["id"] for row in all_rows(api_as(alice), "/api/v1/units/", {"current": "true"})}
    assert registry["new"].pk in current and registry["old"].pk not in current


def test_agencies_form_a_tree(api_as, alice, agency, sub_agency):
    rows = {row["id"]: row for row in all_rows(api_as(alice), "/api/v1/agencies/")}
    assert rows[sub_agency.pk]["parent"] == agency.pk
    assert rows[agency.pk]["children"] == [sub_agency.pk]


def test_a_bad_filter_value_is_a_400_naming_the_field(api_as, alice, registry):
    response = api_as(alice, "en").get("/api/v1/models/", {"field": "999999", "year_started": "abc"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"field", "year_started"}
    assert body["year_started"] == ["Enter a whole number."]  # the web filter's own message (core.params.YearFilter)


def test_cursor_pages_walk_every_model_once(api_as, reviewer, settings):
    settings.API_PAGE_SIZE = 3
    made = [MovementModelFactory(recognised=True).pk for _ in range(8)]
    rows = all_rows(api_as(reviewer), "/api/v1/models/")
    assert [row["id"] for row in rows] == sorted(made, reverse=True)


def test_a_page_past_the_end_is_a_404(api_as, alice):
    FieldFactory()
    response = api_as(alice, "en").get("/api/v1/fields/", {"page": 99})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_a_garbled_cursor_is_a_404(api_as, alice):
    response = api_as(alice, "en").get("/api/v1/models/", {"cursor": "garbage"})
    assert response.status_code == 404


def test_meetings_directives_documents_match_the_web_lists(client, api_as, alice, secretary, agency, other_agency):
    published = MeetingFactory(created_by=secretary, published=True, title="Hội nghị sơ kết")
    MeetingFactory(created_by=secretary, title="Phiên họp nháp")
    overdue = DirectiveFactory(meeting=published, lead=agency)
    ongoing = DirectiveFactory(meeting=published, lead=other_agency, ongoing=True)
    DirectiveFactory(meeting=MeetingFactory(created_by=secretary), lead=agency, deadline=datetime.date(2030, 1, 1))
    ReferenceDocumentFactory(title="Kế hoạch dân vận")
    ReferenceDocumentFactory(title="Quy chế khác")
    api = api_as(alice)
    client.force_login(alice)
    for web_url, api_url, params in [
        ("/meetings/", "/api/v1/meetings/", {}),
        ("/meetings/", "/api/v1/meetings/", {"q": "so ket"}),
        ("/directives/", "/api/v1/directives/", {}),
        ("/directives/", "/api/v1/directives/", {"agency": agency.pk}),
        ("/directives/", "/api/v1/directives/", {"status": "overdue"}),
        ("/directives/", "/api/v1/directives/", {"o": "-deadline"}),
        ("/documents/", "/api/v1/documents/", {"q": "dan van"}),
        ("/documents/", "/api/v1/documents/", {}),
    ]:
        web = [row.pk for row in client.get(web_url, params).context["page_obj"].object_list]
        assert [row["id"] for row in all_rows(api, api_url, params)] == web, (api_url, params)
    directive = api.get(f"/api/v1/directives/{overdue.pk}/").json()
    assert directive["status"] == "overdue"
    assert directive["assignments"][0]["agency"] == agency.pk
    assert api.get(f"/api/v1/directives/{ongoing.pk}/").json()["is_ongoing"] is True
    meeting = api.get(f"/api/v1/meetings/{published.pk}/").json()
    assert meeting["attendees"][0]["role"] == "chair"


def test_a_draft_meeting_is_not_in_the_api_even_for_the_secretary(api_as, secretary):
    draft = MeetingFactory(created_by=secretary)
    api = api_as(secretary)
    assert api.get(f"/api/v1/meetings/{draft.pk}/").status_code == 404
    assert all_rows(api, "/api/v1/meetings/") == []


def test_another_agencys_records_are_404_not_403(api_as, bob, agency):
    other = AgencyFactory(name="Ẩn")
    draft = MovementModelFactory(owner_agency=other)
    assert api_as(bob).get(f"/api/v1/models/{draft.pk}/").status_code == 404


def test_a_year_out_of_range_is_a_400_not_a_server_error(client, api_as, alice):
    """Found by the property-based run: the meetings' year filter took any number to the database."""
    response = api_as(alice, "en").get("/api/v1/meetings/", {"year": "39623979775571656"})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]
    client.force_login(alice)
    assert client.get("/meetings/", {"year": "39623979775571656"}).status_code == 200  # the web list ignores it


def test_a_directive_names_only_the_models_one_may_see(api_as, bob, secretary, agency):
    draft = MovementModelFactory(owner_agency=agency)
    listed = MovementModelFactory(recognised=True)
    directive = DirectiveFactory(meeting=MeetingFactory(created_by=secretary, published=True), lead=agency)
    directive.registry_models.set([draft, listed])
    document = ReferenceDocumentFactory()
    document.registry_models.set([draft, listed])
    api = api_as(bob)
    assert api.get(f"/api/v1/directives/{directive.pk}/").json()["registry_models"] == [listed.pk]
    assert api.get(f"/api/v1/documents/{document.pk}/").json()["registry_models"] == [listed.pk]


def test_a_model_shows_its_replication_links_read_only(api_as, alice, registry):
    from tests.factories import MovementModelFactory, ReplicationFactory

    model = registry["models"]["kim_son"]
    source = MovementModelFactory(recognised=True)
    ReplicationFactory(replica=model, source=source, kind="adapted")
    replica = ReplicationFactory(source=model).replica
    ReplicationFactory(replica=MovementModelFactory(), source=model)  # a draft: not replicated by it yet

    body = api_as(alice).get(f"/api/v1/models/{model.pk}/").json()
    assert body["replicates"] == [{"id": source.pk, "code": source.code, "kind": "adapted"}]
    assert body["replicated_by"] == [{"id": replica.pk, "code": replica.code, "kind": "adopted"}]
