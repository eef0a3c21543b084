"""Factories for every model; tests build exactly the data they talk about."""

import datetime
from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from accounts.roles import Role
from meetings.choices import AssignmentRole, AssignmentState, AttendanceRole, DocumentKind, MeetingKind, MeetingStatus
from meetings.models import (
    Attendance,
    Directive,
    DirectiveAssignment,
    Meeting,
    MeetingAttachment,
    ProgressAttachment,
    ReferenceDocument,
)
from models_registry.choices import (
    RECOGNISED_STATUSES,
    AgencyKind,
    FlagReason,
    ModelLevel,
    ModelStatus,
    ReplicationKind,
    UnitLevel,
)
from models_registry.models import (
    AdministrativeUnit,
    Agency,
    Field,
    IndicatorType,
    ModelAttachment,
    ModelIndicator,
    MovementModel,
    Replication,
    ReviewFlag,
    UnitSuccession,
)


class AdministrativeUnitFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    # "T…" codes never collide with the real units loaded by the migrations.
    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = UnitLevel.COMMUNE


class UnitSuccessionFactory(DjangoModelFactory):
    class Meta:
        model = UnitSuccession

    predecessor = factory.SubFactory(AdministrativeUnitFactory)
    successor = factory.SubFactory(AdministrativeUnitFactory)
    effective_date = factory.Faker("date_object")


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Ban Dân vận thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"BDV {n}")
    kind = AgencyKind.PARTY


class FieldFactory(DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class IndicatorTypeFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorType
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    unit = "m²"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn"
    last_name = factory.Sequence(lambda n: f"Văn {n}")
    password = factory.django.Password("correct horse battery staple")
    agency = factory.SubFactory(AgencyFactory)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get(name=Role(role).value))


class MovementModelFactory(DjangoModelFactory):
    class Meta:
        model = MovementModel
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"DVK-2023-{n:05d}")
    name = factory.Sequence(lambda n: f"Mô hình dân vận khéo số {n}")
    owner_agency = factory.SubFactory(AgencyFactory)
    registered_unit = factory.SubFactory(AdministrativeUnitFactory)
    field = factory.SubFactory(FieldFactory)
    level = ModelLevel.COMMUNE
    year_started = 2021
    description = "Vận động nhân dân hiến đất làm đường giao thông nông thôn."
    approach = "Họp dân, công khai, minh bạch; cán bộ, đảng viên gương mẫu đi trước."
    results = "Làm mới 2 km đường, 30 hộ hiến đất."
    status = ModelStatus.DRAFT
    # Database constraints: a model recognised by a decision (in the list or removed since) carries the decision's
    # year, and no other does; a removed model carries the year of its removal decision.
    recognition_year = factory.LazyAttribute(lambda model: 2023 if model.status in RECOGNISED_STATUSES else None)
    removal_year = factory.LazyAttribute(lambda model: 2024 if model.status == ModelStatus.REMOVED else None)

    class Params:
        recognised = factory.Trait(
            status=ModelStatus.RECOGNISED,
            recognition_year=2023,
            recognition_decision="123/QĐ-BCĐ",
            recognising_body="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
        )
        submitted = factory.Trait(status=ModelStatus.SUBMITTED)
        flagged = factory.Trait(
            status=ModelStatus.FLAGGED,
            recognition_year=2023,
            recognition_decision="123/QĐ-BCĐ",
            recognising_body="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
        )


class ReplicationFactory(DjangoModelFactory):
    """A replication link set up directly (the tests of the rules go through services.replication_link)."""

    class Meta:
        model = Replication

    replica = factory.SubFactory(MovementModelFactory, recognised=True)
    source = factory.SubFactory(MovementModelFactory, recognised=True)
    kind = ReplicationKind.ADOPTED


class ModelIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = ModelIndicator

    model = factory.SubFactory(MovementModelFactory)
    indicator_type = factory.SubFactory(IndicatorTypeFactory)
    value = 1200
    year = 2023


class _AttachmentFactory(DjangoModelFactory):
    file = factory.django.FileField(filename="bien-ban.pdf", data=b"%PDF-1.4 test evidence")
    original_name = "bien-ban.pdf"
    content_type = "application/pdf"
    size = 22


class MeetingAttachmentFactory(_AttachmentFactory):
    class Meta:
        model = MeetingAttachment

    meeting = factory.SubFactory("tests.factories.MeetingFactory")


class ProgressAttachmentFactory(_AttachmentFactory):
    class Meta:
        model = ProgressAttachment


class ModelAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = ModelAttachment

    model = factory.SubFactory(MovementModelFactory)
    file = factory.django.FileField(filename="bien-ban.pdf", data=b"%PDF-1.4 test evidence")
    original_name = "bien-ban.pdf"
    content_type = "application/pdf"
    size = 22


# Meetings and directives ----------------------------------------------------------------------------


class ReferenceDocumentFactory(DjangoModelFactory):
    class Meta:
        model = ReferenceDocument

    kind = DocumentKind.PLAN
    number = factory.Sequence(lambda n: f"{n}-KH/TU")
    title = factory.Sequence(lambda n: f"Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” số {n}")
    issuing_body = "Ban Thường vụ Tỉnh ủy Ninh Bình"
    issued_on = datetime.date(2021, 6, 1)


class MeetingFactory(DjangoModelFactory):
    """A draft meeting with one organising body and its chair; `published=True` for a published one."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hội nghị Ban Chỉ đạo số {n}")
    kind = MeetingKind.STEERING_COMMITTEE
    date = datetime.date(2024, 1, 16)
    start_time = datetime.time(8, 0)
    end_time = datetime.time(11, 30)
    place = "Hội trường Tỉnh ủy"
    agenda = "1. Tổng kết năm 2023.\n2. Nhiệm vụ năm 2024."
    minutes = "Hội nghị đã thảo luận.\n\nĐồng chí chủ trì kết luận."
    created_by = factory.SubFactory(UserFactory, agency=None)
    status = MeetingStatus.DRAFT

    class Params:
        published = factory.Trait(status=MeetingStatus.PUBLISHED)

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        self.organisers.set(extracted if extracted is not None else [AgencyFactory(kind=AgencyKind.STEERING_COMMITTEE)])

    @factory.post_generation
    def chair(self, create, extracted, **kwargs):
        if extracted is not False:
            AttendanceFactory(meeting=self, full_name=extracted or "Mai Văn Tuất", role=AttendanceRole.CHAIR, order=0)


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory, chair=False)
    full_name = factory.Sequence(lambda n: f"Đại biểu {n}")
    title = "Ủy viên Ban Chỉ đạo"
    agency_name = "Ban Dân vận Tỉnh ủy"
    role = AttendanceRole.ATTENDEE
    order = factory.Sequence(lambda n: n + 1)


class DirectiveFactory(DjangoModelFactory):
    """A directive of a published meeting, due at the end of June 2024, led by `lead` (a new agency by default);
    `cooperating=[...]` adds co-operating agencies."""

    class Meta:
        model = Directive
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory, published=True)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Tuyên truyền, phổ biến Luật Thực hiện dân chủ ở cơ sở, nhiệm vụ {n}.")
    deadline = datetime.date(2024, 6, 30)
    is_ongoing = False
    created_by = factory.SelfAttribute("meeting.created_by")

    class Params:
        ongoing = factory.Trait(deadline=None, is_ongoing=True)

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if extracted is False:
            return
        DirectiveAssignmentFactory(directive=self, agency=extracted or AgencyFactory(), role=AssignmentRole.LEAD)

    @factory.post_generation
    def cooperating(self, create, extracted, **kwargs):
        for agency in extracted or ():
            DirectiveAssignmentFactory(directive=self, agency=agency, role=AssignmentRole.COOPERATING)


class DirectiveAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = DirectiveAssignment

    directive = factory.SubFactory(DirectiveFactory, lead=False)
    agency = factory.SubFactory(AgencyFactory)
    role = AssignmentRole.COOPERATING
    state = AssignmentState.OPEN
class ReviewFlagFactory(DjangoModelFactory):
    """An open flag. Give the model in the matching status (flagged, or under review once answered):
    the services keep the two in step, a factory does not."""

    class Meta:
        model = ReviewFlag

    model = factory.SubFactory(MovementModelFactory, flagged=True)
    reason = FlagReason.INACTIVE
    explanation = "Hai năm nay mô hình không còn hoạt động."
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    flagged_by = factory.SubFactory(UserFactory)
