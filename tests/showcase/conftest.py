"""The showcase's world: a published compilation with two entries (one of a model flagged since, with its flag and
evidence), an entry left out, a compilation still being prepared, a draft, a removed typical model, and people
with names, usernames and e-mail addresses, so that the pages can be checked for what must not leak."""

import pytest

from accounts.models import User
from accounts.roles import Role
from compilations import services
from compilations.choices import CompilationStatus
from models_registry.choices import FlagReason, ModelStatus, UnitLevel
from models_registry.models import AdministrativeUnit
from tests.compilations.factories import CompilationFactory, ListedModelFactory, NominationFactory, ScoreFactory
from tests.factories import (
    FieldFactory,
    IndicatorTypeFactory,
    ModelAttachmentFactory,
    ModelIndicatorFactory,
    MovementModelFactory,
    ReviewFlagFactory,
    UserFactory,
)

WRITE_UP = "Nhân dân tự nguyện hiến 3.500 m² đất để mở rộng đường liên thôn."
FLAGGED_WRITE_UP = "Thắp sáng 12 km đường quê bằng đóng góp của các hộ."
# Text the office keeps to itself: none of it may appear on a public page.
INTERNAL = {
    "description": "Mô tả nội bộ ZQX-MO-TA",
    "approach": "Cách làm nội bộ ZQX-CACH-LAM",
    "results": "Kết quả nội bộ ZQX-KET-QUA",
    "nomination reason": "Lý do đề cử ZQX-DE-CU",
    "score comment": "Nhận xét chấm điểm ZQX-CHAM",
    "flag explanation": "Giải trình cờ ZQX-CO-NOI-BO",
    "evidence file": "bang-chung-ZQX.pdf",
    "recognition decision": "999/QĐ-ZQX",
    "recognising body": "Hội đồng ZQX xét duyệt",
    "draft": "Bản nháp ZQX chưa gửi",
    "removed model": "Mô hình ZQX đã bị loại",
    "open compilation": "Tuyển tập ZQX đang soạn",
    "open write-up": "Bài viết ZQX chưa công bố",
    "left-out write-up": "Bài viết ZQX không được chọn",
    "media path": "compilations/",
}


class ShowcaseWorld:
    def __init__(self):
        self.reviewer = UserFactory(
            username="thamdinh_zqx", email="thamdinh.zqx@example.gov.vn", first_name="Trần",
            last_name="Thị Kín Đáo", roles=[Role.REVIEWER],
        )
        self.official = UserFactory(
            username="canbo_zqx", email="canbo.zqx@example.gov.vn", first_name="Lê", last_name="Văn Ẩn Danh",
            roles=[Role.OFFICIAL],
        )
        # A commune merged in 2025: the page says where it was registered and which commune stands for it today.
        self.merged_commune = (
            AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=False, successors__isnull=False)
            .order_by("pk")
            .first()
        )
        self.commune_today = self.merged_commune.current_units()[0]
        self.road = FieldFactory(name="Giao thông nông thôn")
        self.light = FieldFactory(name="Môi trường, cảnh quan")
        private = {"description": INTERNAL["description"], "approach": INTERNAL["approach"],
                   "results": INTERNAL["results"], "recognition_decision": INTERNAL["recognition decision"],
                   "recognising_body": INTERNAL["recognising body"]}
        self.public_model = ListedModelFactory(
            name="Đường làng hiến đất Kim Chính", field=self.road, registered_unit=self.merged_commune,
            created_by=self.official, **private,
        )
        self.flagged_model = ListedModelFactory(name="Thắp sáng đường quê", field=self.light, **private)
        self.land = IndicatorTypeFactory(name="Diện tích đất hiến", unit="m²")
        ModelIndicatorFactory(model=self.public_model, indicator_type=self.land, value=3500, year=2023)
        self.compilation = CompilationFactory(created_by=self.reviewer, title="100 mô hình tiêu biểu 2021–2025")
        self.entry = NominationFactory(compilation=self.compilation, model=self.public_model, written_up=True,
                                       write_up=WRITE_UP, reason=INTERNAL["nomination reason"])
        self.flagged_entry = NominationFactory(compilation=self.compilation, model=self.flagged_model,
                                               written_up=True, write_up=FLAGGED_WRITE_UP)
        self.left_out = NominationFactory(compilation=self.compilation, write_up=INTERNAL["left-out write-up"],
                                          reason=INTERNAL["nomination reason"])
        ScoreFactory(nomination=self.entry, reviewer=self.reviewer, comment=INTERNAL["score comment"])
        services.compilation_publish(compilation=self.compilation, user=self.reviewer)
        # Flagged after publication, with evidence: still in the list, so still shown, but nothing of the flag.
        self.flagged_model.refresh_from_db()
        self.flagged_model.status = ModelStatus.FLAGGED
        self.flagged_model.save()
        ReviewFlagFactory(model=self.flagged_model, reason=FlagReason.NO_RESULTS,
                          explanation=INTERNAL["flag explanation"], flagged_by=self.reviewer)
        ModelAttachmentFactory(model=self.flagged_model, original_name=INTERNAL["evidence file"])
        # What is not public: a compilation being prepared, a draft, a typical model removed from the list.
        self.open_compilation = CompilationFactory(created_by=self.reviewer, title=INTERNAL["open compilation"])
        self.open_entry = NominationFactory(compilation=self.open_compilation, written_up=True,
                                            write_up=INTERNAL["open write-up"])
        self.draft = MovementModelFactory(name=INTERNAL["draft"], created_by=self.official)
        self.removed = MovementModelFactory(name=INTERNAL["removed model"], status=ModelStatus.REMOVED,
                                            is_typical=True)
        self.listed_not_typical = ListedModelFactory(name="Mô hình thường ZQX")
        assert self.compilation.__class__.objects.get(pk=self.compilation.pk).status == CompilationStatus.PUBLISHED

    def people(self) -> list[str]:
        """Every user's username, e-mail address and name: none is public."""
        found = []
        for user in User.objects.all():
            found += [user.username, user.last_name]
            if user.email:
                found.append(user.email)
        return found


@pytest.fixture(autouse=True)
def _addresses_on_the_test_server(settings):
    """The public pages' absolute addresses (Open Graph, open data) start with SITE_URL: the test client's own,
    whatever DJANGO_SITE_URL the environment sets (CI sets one)."""
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def world(db):
    return ShowcaseWorld()
