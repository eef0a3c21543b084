"""The demo's review history: the 2023 yearly review of the source, and a few cases open today.

In the 2023 round the steering committee's office reviewed every model recognised up to 2022: it confirmed
most of them effective and flagged some; the agencies answered most flags; the committee kept the models
that still worked and removed the others by one decision of December 2023. The removed models are models
beyond the 1,635 (see REMOVED_IN_2023_REVIEW), so the list holds 1,635 at the end of 2023 and the removed
ones show under "Removed from the list". Today a few flags wait for an answer or a decision, so that the
review queue and the officials' home pages have something to show.

Every step goes through the registry's services (round_open, round_confirm, model_flag, flag_answer,
flag_decide, round_close), dated when it happened.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from models_registry.choices import FlagReason, ModelStatus
from models_registry.models import Agency, MovementModel
from models_registry.services import flag_answer, flag_decide, model_flag, round_close, round_confirm, round_open

ROUND_YEAR = 2023
ROUND_TITLE = "Bình xét mô hình “Dân vận khéo” năm 2023"
ROUND_REVIEWER = "thamdinh2"  # the steering committee's office owns no models, so it may decide on all of them
TODAYS_REVIEWER = "thamdinh"
KEPT_IN_2023 = 14  # flagged, answered and kept
REMOVAL_DECISION = ("215/QĐ-BCĐ", datetime.date(2023, 12, 15))


def _at(month: int, day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(ROUND_YEAR, month, day, hour))


OPENED, FLAGGED, DEADLINE, ANSWERED, DECIDED, CLOSED = (
    _at(9, 5), _at(9, 26), datetime.date(2023, 10, 31), _at(10, 20), _at(12, 15, 15), _at(12, 20)
)  # fmt: skip

EXPLANATIONS = {
    FlagReason.INACTIVE: "Qua kiểm tra thực tế, mô hình không còn duy trì hoạt động từ đầu năm 2022; "
    "không có biên bản sinh hoạt, họp dân.",
    FlagReason.NO_RESULTS: "Báo cáo năm 2022 và 2023 không có số liệu kết quả cụ thể, không đo được hiệu quả.",
    FlagReason.DUPLICATE: "Trùng nội dung, cách làm với một mô hình khác cùng địa bàn, cùng lĩnh vực.",
    FlagReason.MERGED: "Nội dung của mô hình đã được lồng ghép vào mô hình chung của xã.",
}
KEPT_EXPLANATION = "Chưa cập nhật kết quả năm 2023; đề nghị đơn vị báo cáo số liệu và kế hoạch duy trì."
KEPT_ANSWER = (
    "Mô hình vẫn duy trì đều đặn: năm 2023 tổ chức 6 buổi sinh hoạt, huy động 420 ngày công; "
    "đơn vị gửi kèm số liệu chi tiết."
)
KEPT_PLAN = "Năm 2024 giao chi bộ theo dõi, báo cáo kết quả 6 tháng một lần."
REMOVED_ANSWER = "Đơn vị thống nhất mô hình không còn phù hợp với thực tế địa phương, đề nghị đưa ra khỏi danh sách."
KEEP_COMMENT = "Mô hình còn hiệu quả, tiếp tục duy trì và nhân rộng."
REMOVE_COMMENT = "Không còn hiệu quả; đưa ra khỏi danh sách mô hình “Dân vận khéo” của tỉnh."


@dataclass
class _Case:
    """A flag of the demo and the path its model takes."""

    model: MovementModel
    reason: str
    explanation: str
    answer: str = ""
    improvement_plan: str = ""
    answered_by: User | None = None
    keep: bool | None = None  # None: not decided yet


class Officials:
    """The demo officials, and which models they answer for (those of their agency and the ones beneath)."""

    def __init__(self, users: dict[str, User]):
        self.by_agency = {
            user.agency_id: user for user in users.values() if user.agency_id and user.has_role(Role.OFFICIAL)
        }
        self.subtree = {
            agency_id: set(Agency.objects.subtree_of(agency_id).values_list("pk", flat=True))
            for agency_id in self.by_agency
        }

    def of(self, model: MovementModel) -> User:
        return next(self.by_agency[a] for a, subtree in self.subtree.items() if model.owner_agency_id in subtree)

    def models(self, queryset):
        """The models of `queryset` the officials answer for, spread over the years and agencies."""
        owned = set().union(*self.subtree.values())
        return list(queryset.filter(owner_agency__in=owned).select_related("owner_agency").order_by("code")[::7])


def review_2023(users: dict[str, User], removed: dict[str, tuple[str, bool]], typical: set[str]) -> None:
    """The closed 2023 round over every model in the list (those recognised up to 2022): `removed` maps the codes
    of the models it removed to (reason, whether the agency answered); `typical` are the codes of the models a
    later compilation marks typical, which the round found effective."""
    officials = Officials(users)
    reviewer = users[ROUND_REVIEWER]
    reviewed = MovementModel.objects.filter(status=ModelStatus.RECOGNISED, recognition_year__lt=ROUND_YEAR)
    removed_cases = [
        _Case(
            model,
            reason,
            EXPLANATIONS[reason],
            answer=REMOVED_ANSWER if answered else "",
            answered_by=officials.of(model) if answered else None,
            keep=False,
        )
        for model in reviewed.filter(code__in=removed).select_related("owner_agency").order_by("code")
        for reason, answered in [removed[model.code]]
    ]
    kept_cases = [
        _Case(model, FlagReason.NO_RESULTS, KEPT_EXPLANATION, KEPT_ANSWER, KEPT_PLAN, officials.of(model), keep=True)
        for model in officials.models(reviewed.exclude(code__in=typical))[:KEPT_IN_2023]
    ]
    cases = removed_cases + kept_cases
    flagged = {case.model.pk for case in cases}

    review_round = round_open(user=reviewer, year=ROUND_YEAR, title=ROUND_TITLE, at=OPENED)
    for number, entry in enumerate(review_round.entries.select_related("model").order_by("model__code")):
        if entry.model_id not in flagged:
            reviewed_at = OPENED + datetime.timedelta(days=number % 60, hours=number % 7)
            round_confirm(round=review_round, model=entry.model, user=reviewer, at=reviewed_at)
    for case in cases:
        model_flag(
            model=case.model, user=reviewer, reason=case.reason, explanation=case.explanation, deadline=DEADLINE,
            round=review_round, at=FLAGGED,
        )  # fmt: skip
    _answer(cases, ANSWERED)
    for case in cases:
        flag_decide(
            model=case.model,
            user=reviewer,
            keep=case.keep,
            comment=KEEP_COMMENT if case.keep else REMOVE_COMMENT,
            decision_number="" if case.keep else REMOVAL_DECISION[0],
            decision_date=None if case.keep else REMOVAL_DECISION[1],
            at=DECIDED,
        )
    round_close(round=review_round, user=reviewer, at=CLOSED)


def _answer(cases: list[_Case], at) -> None:
    for case in cases:
        if case.answered_by:
            flag_answer(
                model=case.model, user=case.answered_by, answer=case.answer, improvement_plan=case.improvement_plan,
                at=at,
            )  # fmt: skip


def open_cases(users: dict[str, User], typical: set[str]) -> list[MovementModel]:
    """Today's open flags: three waiting for the agency's answer (one past its deadline), two answered and
    waiting for a decision. Never on a typical model, nor on one the 2023 round kept."""
    officials = Officials(users)
    reviewer = users[TODAYS_REVIEWER]
    today, now = timezone.localdate(), timezone.now()
    candidates = officials.models(
        MovementModel.objects.filter(status=ModelStatus.RECOGNISED, recognition_year__gte=2021)
        .exclude(code__in=typical)
        .exclude(flags__isnull=False)
    )[:5]
    for number, model in enumerate(candidates):
        answered = number >= 3
        model_flag(
            model=model,
            user=reviewer,
            reason=FlagReason.NO_RESULTS if number % 2 else FlagReason.INACTIVE,
            explanation=KEPT_EXPLANATION,
            deadline=today - datetime.timedelta(days=10) if number == 0 else today + datetime.timedelta(days=18),
            at=now - datetime.timedelta(days=40 if number == 0 else 12 + number),
        )
        if answered:
            flag_answer(
                model=model, user=officials.of(model), answer=KEPT_ANSWER, improvement_plan=KEPT_PLAN,
                at=now - datetime.timedelta(days=3),
            )  # fmt: skip
    return candidates
