"""Writes through the API: the services the web pages call, the web forms' rules, the version a change is based
on (409 when stale, nothing changed), errors in the client's language, nothing half-saved."""

import datetime

import pytest
from django.utils import timezone

from models_registry.choices import FlagOutcome, ModelStatus
from models_registry.models import ModelEvent, ModelIndicator, MovementModel, ReviewFlag
from tests.factories import (
    AdministrativeUnitFactory,
    DirectiveFactory,
    FieldFactory,
    IndicatorTypeFactory,
    MeetingFactory,
    ModelIndicatorFactory,
    MovementModelFactory,
    ReviewFlagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def refs(agency):
    return {
        "unit": AdministrativeUnitFactory(name="Xã Kim Chính"),
        "field": FieldFactory(name="Kinh tế"),
        "workdays": IndicatorTypeFactory(name="Ngày công", unit="ngày công"),
        "land": IndicatorTypeFactory(name="Đất hiến", unit="m²"),
    }


def new_model(agency, refs, **changes):
    body = {
        "name": "Dân vận khéo trong hiến đất làm đường",
        "kind": "model",
        "owner_agency": agency.pk,
        "registered_unit": refs["unit"].pk,
        "field": refs["field"].pk,
        "level": "commune",
        "year_started": 2022,
        "description": "Vận động hiến đất.",
        "approach": "Họp dân.",
        "results": "2 km đường.",
        "indicators": [
            {"indicator_type": refs["workdays"].pk, "value": "1200", "year": 2023},
            {"indicator_type": refs["land"].pk, "value": "3500.5", "year": 2023},
        ],
    }
    body.update(changes)
    return body


def test_an_official_registers_a_draft_with_its_indicators(api_as, alice, agency, refs):
    response = api_as(alice).post("/api/v1/models/", new_model(agency, refs))
    assert response.status_code == 201, response.content
    model = MovementModel.objects.get()
    assert model.status == ModelStatus.DRAFT and model.created_by == alice and model.owner_agency == agency
    assert sorted(model.indicators.values_list("value", flat=True)) == [1200, 3500.5]
    assert model.history.first().history_user == alice  # who, when, what
    body = response.json()
    assert body["code"] == model.code and response["ETag"] == '"1"'


@pytest.mark.parametrize(
    ("changes", "field", "english"),
    [
        ({"year_started": 2999}, "year_started", "The year started cannot be in the future."),
        (
            {"owner_agency": 999999},
            "owner_agency",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        ({"name": ""}, "name", "This field may not be blank."),
        ({"year_started": "two thousand"}, "year_started", "A valid integer is required."),
        ({"colour": "red"}, "colour", "Unknown field."),
        ({"indicators": [{"indicator_type": 1, "value": "-1", "year": 2023}]}, "indicators", None),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(api_as, alice, agency, refs, changes, field, english):
    response = api_as(alice, "en").post("/api/v1/models/", new_model(agency, refs, **changes))
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body
    if english:
        assert english in body[field]
    assert not MovementModel.objects.exists() and not ModelIndicator.objects.exists()


def test_the_same_indicator_twice_in_a_year_is_refused(api_as, alice, agency, refs):
    twice = [{"indicator_type": refs["land"].pk, "value": "1", "year": 2023}] * 2
    response = api_as(alice, "en").post("/api/v1/models/", new_model(agency, refs, indicators=twice))
    assert response.status_code == 400
    assert response.json() == {"indicators": ["Each indicator can be recorded only once per year."]}
    assert not MovementModel.objects.exists()


def test_errors_are_in_vietnamese_by_default(api_as, alice, agency, refs):
    response = api_as(alice).post("/api/v1/models/", new_model(agency, refs, year_started=2999))
    assert response.status_code == 400
    assert response.json()["year_started"] == ["Năm bắt đầu không thể ở tương lai."]


def test_malformed_json_is_a_400(api_as, alice):
    response = api_as(alice, "en").post("/api/v1/models/", "{not json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_an_official_cannot_register_for_another_agency(api_as, bob, agency, refs):
    response = api_as(bob).post("/api/v1/models/", new_model(agency, refs))
    assert response.status_code == 400  # the agency is not among bob's choices, as on the form
    assert not MovementModel.objects.exists()


def test_an_update_carries_its_version_and_a_stale_one_changes_nothing(api_as, alice, agency, refs):
    model = MovementModelFactory(owner_agency=agency, name="Tên cũ")
    api = api_as(alice, "en")
    first = api.patch(f"/api/v1/models/{model.pk}/", {"name": "Tên mới"}, headers={"If-Match": '"1"'})
    assert first.status_code == 200 and first["ETag"] == '"2"'
    stale = api.patch(f"/api/v1/models/{model.pk}/", {"name": "Ghi đè", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    model.refresh_from_db()
    assert model.name == "Tên mới" and model.version == 2


def test_an_update_without_a_version_is_refused(api_as, alice, agency):
    model = MovementModelFactory(owner_agency=agency, name="Tên cũ")
    response = api_as(alice).patch(f"/api/v1/models/{model.pk}/", {"name": "Tên mới"})
    assert response.status_code == 428
    model.refresh_from_db()
    assert model.name == "Tên cũ"


def test_a_full_update_replaces_the_indicators(api_as, alice, agency, refs):
    model = MovementModelFactory(owner_agency=agency, registered_unit=refs["unit"], field=refs["field"])
    ModelIndicatorFactory(model=model, indicator_type=refs["workdays"], year=2022)
    land = [{"indicator_type": refs["land"].pk, "value": "9", "year": 2024}]
    body = new_model(agency, refs, version=1, indicators=land)
    response = api_as(alice).put(f"/api/v1/models/{model.pk}/", body)
    assert response.status_code == 200, response.content
    assert list(model.indicators.values_list("indicator_type", "year")) == [(refs["land"].pk, 2024)]


def test_another_agencys_model_cannot_be_changed(api_as, bob, agency):
    model = MovementModelFactory(owner_agency=agency, recognised=True, name="Của Kim Sơn")
    response = api_as(bob, "en").patch(f"/api/v1/models/{model.pk}/", {"name": "Đổi", "version": 1})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only officials of the owning agency (or an agency above it) can change this model."
    }
    draft = MovementModelFactory(owner_agency=agency)
    assert api_as(bob).patch(f"/api/v1/models/{draft.pk}/", {"name": "Đổi", "version": 1}).status_code == 404


def test_the_whole_review_through_the_api(api_as, alice, reviewer, agency, refs):
    """Register, submit, recognise, flag, answer, remove: each move a ModelEvent, as on the web."""
    official, committee = api_as(alice, "en"), api_as(reviewer, "en")
    pk = official.post("/api/v1/models/", new_model(agency, refs)).json()["id"]
    assert official.post(f"/api/v1/models/{pk}/submit/").json()["status"] == "submitted"
    today = timezone.localdate()
    recognised = committee.post(
        f"/api/v1/models/{pk}/recognise/",
        {"decision_number": "12/QĐ-BCĐ", "decision_date": today.isoformat(), "recognising_body": "Ban Chỉ đạo"},
    )
    assert recognised.status_code == 200 and recognised.json()["recognition_year"] == today.year
    deadline = (today + datetime.timedelta(days=30)).isoformat()
    flagged = committee.post(
        f"/api/v1/models/{pk}/flag/",
        {"reason": "no_results", "explanation": "Không có kết quả mới.", "deadline": deadline},
    )
    assert flagged.json()["status"] == "flagged"
    answer = official.post(
        f"/api/v1/models/{pk}/answer/",
        {
            "answer": "Vẫn hoạt động.",
            "indicators": [{"indicator_type": refs["workdays"].pk, "value": "50", "year": today.year}],
        },
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "under_review"
    removed = committee.post(
        f"/api/v1/models/{pk}/decide/",
        {
            "decision": "remove",
            "comment": "Không hiệu quả.",
            "decision_number": "215/QĐ-BCĐ",
            "decision_date": today.isoformat(),
        },
    )
    assert removed.status_code == 200 and removed.json()["status"] == "removed"
    again = committee.post(f"/api/v1/models/{pk}/decide/", {"decision": "keep", "comment": "Giữ lại."})
    assert again.status_code == 409
    transitions = list(ModelEvent.objects.filter(model_id=pk).values_list("transition", flat=True))
    assert transitions == ["submit", "recognise", "flag", "answer", "remove"]
    assert [e["transition"] for e in official.get(f"/api/v1/models/{pk}/").json()["events"]] == transitions
    flag = ReviewFlag.objects.get(model_id=pk)
    assert flag.outcome == FlagOutcome.REMOVED
    assert official.get(f"/api/v1/flags/{flag.pk}/").json()["decision"]["decision_number"] == "215/QĐ-BCĐ"


def test_deciding_a_case_someone_just_decided_is_a_409(api_as, reviewer, other_agency):
    model = MovementModelFactory(flagged=True, owner_agency=other_agency)
    ReviewFlagFactory(model=model, outcome=FlagOutcome.KEPT)
    response = api_as(reviewer, "en").post(f"/api/v1/models/{model.pk}/decide/", {"decision": "keep", "comment": "x"})
    assert response.status_code == 409
    assert response.json() == {"detail": "Somebody else decided this case first.", "code": "already_decided"}
    model.refresh_from_db()
    assert model.status == ModelStatus.FLAGGED


def test_a_move_based_on_a_stale_version_is_a_409(api_as, alice, agency):
    model = MovementModelFactory(owner_agency=agency)
    ModelIndicatorFactory(model=model)
    response = api_as(alice).post(f"/api/v1/models/{model.pk}/submit/", headers={"If-Match": '"7"'})
    assert response.status_code == 409
    model.refresh_from_db()
    assert model.status == ModelStatus.DRAFT


def test_an_illegal_move_is_a_409_saying_why(api_as, alice, agency):
    model = MovementModelFactory(owner_agency=agency, recognised=True)
    ModelIndicatorFactory(model=model)
    response = api_as(alice, "en").post(f"/api/v1/models/{model.pk}/submit/")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"


def test_an_official_cannot_recognise(api_as, alice, agency):
    model = MovementModelFactory(owner_agency=agency, submitted=True)
    body = {"decision_number": "1", "decision_date": "2024-01-01", "recognising_body": "x"}
    assert api_as(alice).post(f"/api/v1/models/{model.pk}/recognise/", body).status_code == 403
    model.refresh_from_db()
    assert model.status == ModelStatus.SUBMITTED


def test_an_agency_reports_progress_on_its_part(api_as, alice, bob, secretary, agency):
    directive = DirectiveFactory(meeting=MeetingFactory(created_by=secretary, published=True), lead=agency)
    part = directive.assignments.get()
    url = f"/api/v1/directives/{directive.pk}/parts/{part.pk}/report/"
    bad = api_as(alice, "en").post(url, {"text": "Đã triển khai", "percent": 140})
    assert bad.status_code == 400 and "percent" in bad.json()
    assert api_as(bob).post(url, {"text": "Không phải của tôi"}).status_code == 403
    response = api_as(alice).post(url, {"text": "Đã triển khai ở 8 xã", "percent": 40})
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "in_progress"
    assert response.json()["progress"][0]["percent"] == 40
    done = api_as(alice).post(url, {"text": "Xong", "mark_done": True})
    assert done.json()["state"] == "done"
