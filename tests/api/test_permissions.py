"""Who may do what through the API: every URL of it against every role (tests/permissions.py), signed in with
the browser's session (the token is the same person: tests/api/test_tokens.py).

Without credentials the API answers 401 (a JSON body, no login page); a role without the permission gets 403;
a record outside what the user may see is 404. Every refused write leaves the database as it was.
"""

import datetime
from functools import cached_property

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.tokens import token_create
from compilations.choices import CompilationStatus
from meetings.models import ProgressEntry
from models_registry.choices import ModelStatus
from models_registry.models import ModelEvent, MovementModel, ReviewRound
from tests.compilations.factories import CompilationFactory, NominationFactory
from tests.factories import (
    AdministrativeUnitFactory,
    DirectiveFactory,
    FieldFactory,
    IndicatorTypeFactory,
    MeetingFactory,
    ModelIndicatorFactory,
    MovementModelFactory,
    ReferenceDocumentFactory,
    ReviewFlagFactory,
)
from tests.permissions import LOGIN, Outcome, Row, cells, check, expect

pytestmark = pytest.mark.django_db

JSON = "application/json"


def api(default, **special) -> dict:
    """`expect` for the API: 401 without credentials, 403 for a signed-in person with no role."""
    return expect(default, **{"anonymous": 401, "nobody": 403, **special})


READERS = api(200)  # every role reads the registry, the meetings and the published compilations
ONLY_REVIEWER = api(403, reviewer=200)
ONLY_ALICE_SEES = api(404, alice=200)  # a draft of alice's agency: invisible to everyone else


class World:
    """The records each row acts on, made on first use."""

    def __init__(self, request):
        self.fixture = request.getfixturevalue

    @cached_property
    def agency(self):
        return self.fixture("agency")

    @cached_property
    def other_agency(self):
        return self.fixture("other_agency")

    @cached_property
    def draft(self):
        model = MovementModelFactory(owner_agency=self.agency, name="Bản nháp của Kim Sơn")
        ModelIndicatorFactory(model=model)
        return model

    @cached_property
    def submitted(self):
        return MovementModelFactory(owner_agency=self.agency, submitted=True)

    @cached_property
    def recognised(self):
        return MovementModelFactory(owner_agency=self.other_agency, recognised=True)

    @cached_property
    def flagged_own(self):
        """Flagged, of alice's agency: hers to answer."""
        model = MovementModelFactory(owner_agency=self.agency, flagged=True)
        ReviewFlagFactory(model=model)
        return model

    @cached_property
    def flagged_other(self):
        """Flagged, of another agency: a reviewer's to decide."""
        model = MovementModelFactory(owner_agency=self.other_agency, flagged=True)
        ReviewFlagFactory(model=model)
        return model

    @cached_property
    def removed(self):
        return MovementModelFactory(
            owner_agency=self.other_agency, status=ModelStatus.REMOVED, recognition_year=2021, removal_year=2023
        )

    @cached_property
    def flag(self):
        return self.flagged_other.flags.get()

    @cached_property
    def round(self):
        return ReviewRound.objects.create(year=2025, title="Bình xét 2025", opened_by=self.fixture("reviewer"))

    @cached_property
    def unit(self):
        return AdministrativeUnitFactory()

    @cached_property
    def field(self):
        return FieldFactory()

    @cached_property
    def indicator_type(self):
        return IndicatorTypeFactory()

    @cached_property
    def meeting(self):
        return MeetingFactory(created_by=self.fixture("secretary"), published=True)

    @cached_property
    def directive(self):
        return DirectiveFactory(meeting=self.meeting, lead=self.agency)

    @cached_property
    def part(self):
        return self.directive.assignments.get()

    @cached_property
    def document(self):
        return ReferenceDocumentFactory()

    @cached_property
    def compilation(self):
        compilation = CompilationFactory(status=CompilationStatus.PUBLISHED, published_at=timezone.now())
        NominationFactory(compilation=compilation, written_up=True)
        return compilation

    @cached_property
    def alices_token(self):
        return token_create(user=self.fixture("alice"), name="của alice")[0]

    def new_model(self):
        return {
            "name": "Mô hình mới qua API",
            "kind": "model",
            "owner_agency": self.agency.pk,
            "registered_unit": self.unit.pk,
            "field": self.field.pk,
            "level": "commune",
            "year_started": 2022,
            "indicators": [{"indicator_type": self.indicator_type.pk, "value": "10", "year": 2023}],
        }


@pytest.fixture
def world(request):
    return World(request)


def status_of(attribute):
    return lambda w: MovementModel.objects.values_list("status", flat=True).get(pk=getattr(w, attribute).pk)


def events_of(attribute):
    return lambda w: ModelEvent.objects.filter(model=getattr(w, attribute)).count()


TODAY = timezone.localdate


MATRIX = [
    # Reference data and the registry's lists.
    *(
        Row(f"api:{name}-list", lambda w, path=path: f"/api/v1/{path}/", READERS)
        for name, path in [
            ("unit", "units"),
            ("agency", "agencies"),
            ("field", "fields"),
            ("indicator-type", "indicator-types"),
            ("model", "models"),
            ("flag", "flags"),
            ("meeting", "meetings"),
            ("directive", "directives"),
            ("document", "documents"),
            ("compilation", "compilations"),
        ]
    ),
    Row("api:unit-detail", lambda w: f"/api/v1/units/{w.unit.pk}/", READERS),
    Row("api:agency-detail", lambda w: f"/api/v1/agencies/{w.agency.pk}/", READERS),
    Row("api:field-detail", lambda w: f"/api/v1/fields/{w.field.pk}/", READERS),
    Row("api:indicator-type-detail", lambda w: f"/api/v1/indicator-types/{w.indicator_type.pk}/", READERS),
    Row("api:model-detail", lambda w: f"/api/v1/models/{w.recognised.pk}/", READERS, label="get a recognised model"),
    Row(
        "api:model-detail",
        lambda w: f"/api/v1/models/{w.draft.pk}/",
        ONLY_ALICE_SEES,
        label="get a draft",
        reveals=lambda w: w.draft.name,
    ),
    Row("api:flag-detail", lambda w: f"/api/v1/flags/{w.flag.pk}/", READERS),
    Row("api:round-list", lambda w: "/api/v1/rounds/", ONLY_REVIEWER),
    Row("api:round-detail", lambda w: f"/api/v1/rounds/{w.round.pk}/", ONLY_REVIEWER),
    Row("api:meeting-detail", lambda w: f"/api/v1/meetings/{w.meeting.pk}/", READERS),
    Row("api:directive-detail", lambda w: f"/api/v1/directives/{w.directive.pk}/", READERS),
    Row("api:document-detail", lambda w: f"/api/v1/documents/{w.document.pk}/", READERS),
    Row("api:compilation-detail", lambda w: f"/api/v1/compilations/{w.compilation.pk}/", READERS),
    # The dashboard's figures: leaders, reviewers, secretaries, administrators (the province), officials
    # (their agency).
    Row("api:figures", lambda w: "/api/v1/figures/", READERS),
    # The description and its page are public (they hold no data; trying a request needs a token or the
    # session); the token page is for signed-in people.
    Row("api:schema", lambda w: "/api/schema/", expect(200, anonymous=200)),
    Row("api:docs", lambda w: "/api/docs/", expect(200, anonymous=200)),
    Row("api:tokens", lambda w: "/api/tokens/", expect(200)),
    Row(
        "api:tokens",
        lambda w: "/api/tokens/",
        expect(200, anonymous=LOGIN),
        method="post",
        data=lambda w: {"name": "cổng", "days": 10},
        label="post api:tokens",
        done=lambda w: ApiToken.objects.filter(name="cổng").exists(),
    ),
    Row(
        "api:token_revoke",
        lambda w: f"/api/tokens/{w.alices_token.pk}/revoke/",
        expect(404, alice=Outcome(302, to="/api/tokens/")),
        method="post",
        state=lambda w: ApiToken.objects.get(pk=w.alices_token.pk).revoked_at,
        done=lambda w: ApiToken.objects.get(pk=w.alices_token.pk).revoked_at is not None,
    ),
    # Writes: the same person as on the web pages, or nothing changes.
    Row(
        "api:model-list",
        lambda w: "/api/v1/models/",
        api(403, alice=201, bob=400),
        method="post",
        data=lambda w: w.new_model(),
        content_type=JSON,
        label="register a draft",
        done=lambda w: MovementModel.objects.filter(name="Mô hình mới qua API").exists(),
    ),
    Row(
        "api:model-detail",
        lambda w: f"/api/v1/models/{w.draft.pk}/",
        ONLY_ALICE_SEES,
        method="patch",
        data=lambda w: {"name": "Đã sửa qua API", "version": w.draft.version},
        content_type=JSON,
        label="edit a draft",
        done=lambda w: MovementModel.objects.filter(name="Đã sửa qua API").exists(),
    ),
    Row(
        "api:model-detail",
        lambda w: f"/api/v1/models/{w.recognised.pk}/",
        api(403, bob=200),
        method="put",
        data=lambda w: {**w.new_model(), "owner_agency": w.other_agency.pk, "version": 1},
        content_type=JSON,
        label="replace a recognised model of bob's agency",
        done=lambda w: MovementModel.objects.filter(name="Mô hình mới qua API").exists(),
    ),
    Row(
        "api:model-submit",
        lambda w: f"/api/v1/models/{w.draft.pk}/submit/",
        ONLY_ALICE_SEES,
        method="post",
        content_type=JSON,
        done=lambda w: status_of("draft")(w) == ModelStatus.SUBMITTED,
    ),
    Row(
        "api:model-recognise",
        lambda w: f"/api/v1/models/{w.submitted.pk}/recognise/",
        ONLY_REVIEWER,
        method="post",
        data=lambda w: {
            "decision_number": "12/QĐ-BCĐ",
            "decision_date": TODAY().isoformat(),
            "recognising_body": "Ban Chỉ đạo",
        },
        content_type=JSON,
        done=lambda w: status_of("submitted")(w) == ModelStatus.RECOGNISED,
    ),
    Row(
        "api:model-return-for-revision",
        lambda w: f"/api/v1/models/{w.submitted.pk}/return/",
        ONLY_REVIEWER,
        method="post",
        data=lambda w: {"comment": "Bổ sung kết quả."},
        content_type=JSON,
        done=lambda w: status_of("submitted")(w) == ModelStatus.RETURNED,
    ),
    Row(
        "api:model-flag",
        lambda w: f"/api/v1/models/{w.recognised.pk}/flag/",
        ONLY_REVIEWER,
        method="post",
        data=lambda w: {
            "reason": "inactive",
            "explanation": "Không còn hoạt động.",
            "deadline": (TODAY() + datetime.timedelta(days=30)).isoformat(),
        },
        content_type=JSON,
        done=lambda w: status_of("recognised")(w) == ModelStatus.FLAGGED,
    ),
    Row(
        "api:model-answer",
        lambda w: f"/api/v1/models/{w.flagged_own.pk}/answer/",
        api(403, alice=200),
        method="post",
        data=lambda w: {"answer": "Vẫn hoạt động tốt."},
        content_type=JSON,
        done=lambda w: status_of("flagged_own")(w) == ModelStatus.UNDER_REVIEW,
    ),
    Row(
        "api:model-decide",
        lambda w: f"/api/v1/models/{w.flagged_other.pk}/decide/",
        ONLY_REVIEWER,
        method="post",
        data=lambda w: {"decision": "keep", "comment": "Vẫn hiệu quả."},
        content_type=JSON,
        done=lambda w: status_of("flagged_other")(w) == ModelStatus.RECOGNISED,
    ),
    Row(
        "api:model-restore",
        lambda w: f"/api/v1/models/{w.removed.pk}/restore/",
        ONLY_REVIEWER,
        method="post",
        data=lambda w: {"comment": "Khôi phục.", "decision_number": "3/QĐ", "decision_date": TODAY().isoformat()},
        content_type=JSON,
        done=lambda w: status_of("removed")(w) == ModelStatus.RECOGNISED,
    ),
    Row(
        "api:directive-report",
        lambda w: f"/api/v1/directives/{w.directive.pk}/parts/{w.part.pk}/report/",
        api(403, alice=201),
        method="post",
        data=lambda w: {"text": "Đã triển khai.", "percent": 30},
        content_type=JSON,
        done=lambda w: ProgressEntry.objects.filter(assignment=w.part).exists(),
    ),
]


@cells(MATRIX)
def test_api_access(client, request, world, row, role):
    check(client, request, world, row, role)
