"""The demo's review history: the 2023 yearly review of the source, and a few cases open today.

In the 2023 round the steering committee's office reviewed every model recognised up to 2022: it confirmed
most of them effective and flagged some; the agencies answered most flags; the committee kept the models
that still worked and removed the others by one decision of December 2023. The removed models are models
beyond the 1,635 (see REMOVED_IN_2023_REVIEW), so the list holds 1,635 at the end of 2023 and the removed
ones show under "Removed from the list". Today a few flags wait for an answer or a decision, so that the
review queue and the officials' home pages have something to show.

Rows are written the way the services leave them (a ModelEvent per move, a history snapshot per save), with
the dates of 2023, in bulk. Loading is part of load_demo's transaction and happens once: when the 2023
round exists, nothing is added.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from accounts.roles import Role
from core.workflow import HISTORY_REASON_PREFIX as WORKFLOW_REASON_PREFIX
from models_registry.choices import FlagOutcome, FlagReason, ModelStatus, RoundOutcome, Transition
from models_registry.models import (
    Agency,
    ModelEvent,
    ModelIndicator,
    MovementModel,
    ReviewFlag,
    ReviewRound,
    RoundEntry,
)

ROUND_YEAR = 2023
ROUND_TITLE = "Bình xét mô hình “Dân vận khéo” năm 2023"
ROUND_REVIEWER = "thamdinh2"  # the steering committee's office owns no models, so it may decide on all of them
TODAYS_REVIEWER = "thamdinh"
KEPT_IN_2023 = 14  # flagged, answered and kept
REMOVAL_DECISION = ("215/QĐ-BCĐ", datetime.date(2023, 12, 15))


def _at(month: int, day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(ROUND_YEAR, month, day, hour))


# The demo list was imported before the 2023 round; the models the review touched say so in their history.
IMPORTED = _at(8, 31)
OPENED, FLAGGED, DEADLINE, ANSWERED, DECIDED, CLOSED = (
    _at(9, 5), _at(9, 26), datetime.date(2023, 10, 31), _at(10, 20), _at(12, 15, 15), _at(12, 20)
)

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
    outcome: str = FlagOutcome.OPEN


def load_review_history(plans, users: dict[str, User]) -> bool:
    """Add the 2023 round and today's open flags; False when they are already there."""
    if ReviewRound.objects.filter(year=ROUND_YEAR, title=ROUND_TITLE).exists():
        return False
    officials = _Officials(users)
    removed_codes = {plan.code: plan.removed_in_2023_review for plan in plans if plan.removed_in_2023_review}
    reviewer = users[ROUND_REVIEWER]

    reviewed = MovementModel.objects.filter(status=ModelStatus.RECOGNISED, recognition_year__lt=ROUND_YEAR)
    reviewed_ids = list(reviewed.values_list("pk", flat=True))
    removed = [
        _Case(
            model,
            reason,
            EXPLANATIONS[reason],
            answer=REMOVED_ANSWER if answered else "",
            answered_by=officials.of(model) if answered else None,
            outcome=FlagOutcome.REMOVED,
        )
        for model in reviewed.filter(code__in=removed_codes).select_related("owner_agency").order_by("code")
        for reason, answered in [removed_codes[model.code]]
    ]
    kept = [
        _Case(model, FlagReason.NO_RESULTS, KEPT_EXPLANATION, KEPT_ANSWER, KEPT_PLAN, officials.of(model),
              FlagOutcome.KEPT)
        for model in officials.models(reviewed.filter(is_typical=False))[:KEPT_IN_2023]
    ]
    review_round = _round(reviewer, reviewed, flagged={case.model.pk for case in removed + kept})
    _flags(removed + kept, reviewer, review_round)
    open_cases = _open_cases(users[TODAYS_REVIEWER], officials, exclude={case.model.pk for case in kept})
    _backdate_import(reviewed_ids + [case.model.pk for case in open_cases])
    return True


def _backdate_import(model_ids: list[int]) -> None:
    """Date the "created" snapshots of these models and their indicators before their review history."""
    MovementModel.history.filter(id__in=model_ids, history_type="+").update(history_date=IMPORTED)
    ModelIndicator.history.filter(model_id__in=model_ids, history_type="+").update(history_date=IMPORTED)


class _Officials:
    """The demo officials, and which models they answer for (those of their agency and the ones beneath)."""

    def __init__(self, users: dict[str, User]):
        self.by_agency = {
            user.agency_id: user
            for user in users.values()
            if user.agency_id and user.groups.filter(name=Role.OFFICIAL).exists()
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


def _round(reviewer: User, reviewed, flagged: set[int]) -> ReviewRound:
    """The closed 2023 round: every model recognised up to 2022, confirmed effective or flagged."""
    review_round = ReviewRound(year=ROUND_YEAR, title=ROUND_TITLE, opened_by=reviewer, opened_at=OPENED,
                               closed_by=reviewer, closed_at=CLOSED)
    review_round._history_date = OPENED
    review_round._history_user = reviewer
    review_round.save()
    entries, confirmations = [], []
    for number, pk in enumerate(reviewed.order_by("code").values_list("pk", flat=True)):
        reviewed_at = OPENED + datetime.timedelta(days=number % 60, hours=number % 7)
        is_flagged = pk in flagged
        entries.append(RoundEntry(
            round=review_round,
            model_id=pk,
            outcome=RoundOutcome.FLAGGED if is_flagged else RoundOutcome.EFFECTIVE,
            reviewed_by=reviewer,
            reviewed_at=FLAGGED if is_flagged else reviewed_at,
        ))
        if not is_flagged:
            confirmations.append(ModelEvent(
                model_id=pk, transition=Transition.CONFIRM, from_status=ModelStatus.RECOGNISED,
                to_status=ModelStatus.RECOGNISED, actor=reviewer, at=reviewed_at, comment=ROUND_TITLE,
            ))
    bulk_create_with_history(entries, RoundEntry, default_user=reviewer, default_date=CLOSED)
    ModelEvent.objects.bulk_create(confirmations)
    return review_round


def _flags(cases: list[_Case], reviewer: User, review_round: ReviewRound | None) -> None:
    """The flags of `cases`, the events of each move and the model's snapshot after each move."""
    flags = []
    for case in cases:
        decided = case.outcome != FlagOutcome.OPEN
        flags.append(ReviewFlag(
            model=case.model, round=review_round, reason=case.reason, explanation=case.explanation,
            deadline=DEADLINE, flagged_by=reviewer, flagged_at=FLAGGED,
            answer=case.answer, improvement_plan=case.improvement_plan, answered_by=case.answered_by,
            answered_at=ANSWERED if case.answered_by else None,
            outcome=case.outcome, decided_by=reviewer if decided else None, decided_at=DECIDED if decided else None,
        ))
    bulk_create_with_history(flags, ReviewFlag, default_user=reviewer, default_date=DECIDED)
    events = []
    for case, flag in zip(cases, flags, strict=True):
        moves = [(Transition.FLAG, ModelStatus.FLAGGED, reviewer, FLAGGED)]
        if case.answered_by:
            moves.append((Transition.ANSWER, ModelStatus.UNDER_REVIEW, case.answered_by, ANSWERED))
        if case.outcome == FlagOutcome.KEPT:
            moves.append((Transition.KEEP, ModelStatus.RECOGNISED, reviewer, DECIDED))
        elif case.outcome == FlagOutcome.REMOVED:
            moves.append((Transition.REMOVE, ModelStatus.REMOVED, reviewer, DECIDED))
        events += _moves(case, flag, moves)
    ModelEvent.objects.bulk_create(events)


def _moves(case: _Case, flag: ReviewFlag, moves) -> list[ModelEvent]:
    """Move the model along `moves`, saving a snapshot per move as the services would, and return the events."""
    model, events = case.model, []
    for transition, to_status, actor, at in moves:
        from_status, model.status = model.status, to_status
        model.removal_year = ROUND_YEAR if to_status == ModelStatus.REMOVED else None
        model.version += 1
        event = ModelEvent(model=model, transition=transition, from_status=from_status, to_status=to_status,
                           actor=actor, at=at, flag=flag)
        if transition == Transition.FLAG:
            event.reason = case.reason
        elif transition == Transition.ANSWER:
            event.comment = case.answer
        elif transition == Transition.KEEP:
            event.comment = KEEP_COMMENT
        elif transition == Transition.REMOVE:
            event.reason, event.comment = case.reason, REMOVE_COMMENT
            event.decision_number, event.decision_date = REMOVAL_DECISION
        events.append(event)
        MovementModel.objects.filter(pk=model.pk).update(
            status=model.status, removal_year=model.removal_year, version=model.version
        )
        [snapshot] = MovementModel.history.bulk_history_create(
            [model], update=True, default_user=actor, default_date=at,
            default_change_reason=f"{WORKFLOW_REASON_PREFIX}{transition}",
        )
        _copy_cooperation(model, snapshot)
    return events


def _copy_cooperation(model: MovementModel, snapshot) -> None:
    """A snapshot keeps the co-operating agencies of its moment, as a save() through simple-history does."""
    snapshot_link = MovementModel.history.model.cooperating_agencies.model
    snapshot_link.objects.bulk_create(
        snapshot_link(id=link.pk, history=snapshot, movementmodel_id=model.pk, agency_id=link.agency_id)
        for link in MovementModel.cooperating_agencies.through.objects.filter(movementmodel=model)
    )


def _open_cases(reviewer: User, officials: _Officials, exclude: set[int]) -> list[_Case]:
    """Today's open flags: three waiting for the agency's answer (one past its deadline), two answered."""
    today = timezone.localdate()
    now = timezone.now()
    candidates = officials.models(
        MovementModel.objects.filter(status=ModelStatus.RECOGNISED, is_typical=False, recognition_year__gte=2021)
        .exclude(pk__in=exclude)
    )[:5]
    cases, dates = [], []
    for number, model in enumerate(candidates):
        answered = number >= 3
        flagged_at = now - datetime.timedelta(days=40 if number == 0 else 12 + number)
        deadline = today - datetime.timedelta(days=10) if number == 0 else today + datetime.timedelta(days=18)
        cases.append(_Case(
            model,
            FlagReason.NO_RESULTS if number % 2 else FlagReason.INACTIVE,
            KEPT_EXPLANATION,
            answer=KEPT_ANSWER if answered else "",
            improvement_plan=KEPT_PLAN if answered else "",
            answered_by=officials.of(model) if answered else None,
        ))
        dates.append((flagged_at, deadline, now - datetime.timedelta(days=3)))
    flags = []
    for case, (flagged_at, deadline, answered_at) in zip(cases, dates, strict=True):
        flags.append(ReviewFlag(
            model=case.model, reason=case.reason, explanation=case.explanation, deadline=deadline,
            flagged_by=reviewer, flagged_at=flagged_at, answer=case.answer, improvement_plan=case.improvement_plan,
            answered_by=case.answered_by, answered_at=answered_at if case.answered_by else None,
        ))
    bulk_create_with_history(flags, ReviewFlag, default_user=reviewer, default_date=now)
    events = []
    for case, flag, (flagged_at, _deadline, answered_at) in zip(cases, flags, dates, strict=True):
        moves = [(Transition.FLAG, ModelStatus.FLAGGED, reviewer, flagged_at)]
        if case.answered_by:
            moves.append((Transition.ANSWER, ModelStatus.UNDER_REVIEW, case.answered_by, answered_at))
        events += _moves(case, flag, moves)
    ModelEvent.objects.bulk_create(events)
    return cases
