"""The review workflow's state machine, through the services: every allowed move, and every refused one.

ALLOWED is the workflow of the product brief written out by hand; the first test checks that the state
machine on MovementModel declares exactly these moves, so the other tests cover all of them.
"""

from decimal import Decimal
from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_fsm import can_proceed

from accounts.models import Notification
from models_registry import services
from models_registry.choices import FlagOutcome, FlagReason, ModelStatus, RoundOutcome, Transition
from models_registry.models import ModelAttachment, ModelEvent, MovementModel, ReviewFlag, ReviewRound, RoundEntry
from tests.factories import IndicatorTypeFactory, ModelIndicatorFactory, MovementModelFactory, ReviewFlagFactory

from . import steps

S, T = ModelStatus, Transition

ALLOWED = {
    (S.DRAFT, T.SUBMIT): S.SUBMITTED,
    (S.RETURNED, T.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, T.RECOGNISE): S.RECOGNISED,
    (S.SUBMITTED, T.RETURN): S.RETURNED,
    (S.RECOGNISED, T.FLAG): S.FLAGGED,
    (S.FLAGGED, T.ANSWER): S.UNDER_REVIEW,
    (S.FLAGGED, T.KEEP): S.RECOGNISED,
    (S.UNDER_REVIEW, T.KEEP): S.RECOGNISED,
    (S.FLAGGED, T.REMOVE): S.REMOVED,
    (S.UNDER_REVIEW, T.REMOVE): S.REMOVED,
    (S.REMOVED, T.RESTORE): S.RECOGNISED,
    (S.RECOGNISED, T.CONFIRM): S.RECOGNISED,
    (S.DRAFT, T.RECORD): S.RECOGNISED,
    (S.RECOGNISED, T.MARK_TYPICAL): S.RECOGNISED,
    (S.FLAGGED, T.MARK_TYPICAL): S.FLAGGED,
    (S.UNDER_REVIEW, T.MARK_TYPICAL): S.UNDER_REVIEW,
}
# Recording a recognised model creates it (services.model_record_recognised): no service moves an existing one.
THROUGH_SERVICES = {pair: target for pair, target in ALLOWED.items() if pair[1] != T.RECORD}
REFUSED = [
    pair for pair in product(ModelStatus, Transition) if pair not in ALLOWED and pair[1] != T.RECORD
]

_METHODS = {
    T.SUBMIT: "submit",
    T.RECOGNISE: "recognise",
    T.RETURN: "return_for_revision",
    T.FLAG: "flag",
    T.ANSWER: "answer",
    T.KEEP: "keep",
    T.REMOVE: "remove",
    T.RESTORE: "restore",
    T.CONFIRM: "confirm",
    T.RECORD: "record_recognised",
    T.MARK_TYPICAL: "mark_typical",
}


def _pair_id(pair):
    return f"{pair[0].value}-{pair[1].value}"


def model_in(status, *, agency, flagged_by):
    """A model of `agency` put straight into `status` (as an import of an old list would), with an
    indicator so that submitting is complete, and the open flag a flagged model has."""
    recognised = status not in (S.DRAFT, S.SUBMITTED, S.RETURNED)
    model = MovementModelFactory(owner_agency=agency, recognised=recognised, status=status)
    ModelIndicatorFactory(model=model)
    if status in (S.FLAGGED, S.UNDER_REVIEW):
        answered = status == S.UNDER_REVIEW
        ReviewFlagFactory(
            model=model,
            flagged_by=flagged_by,
            answer="Vẫn hoạt động." if answered else "",
            answered_at=timezone.now() if answered else None,
        )
    return model


def run(transition, model, *, official, reviewer, round=None):
    """Ask the service behind `transition` to move `model`, as the person entitled to that move."""
    match transition:
        case T.SUBMIT:
            return steps.submit(model, official)
        case T.RECOGNISE:
            return steps.recognise(model, reviewer)
        case T.RETURN:
            return steps.return_for_revision(model, reviewer)
        case T.FLAG:
            return steps.flag(model, reviewer)
        case T.ANSWER:
            return steps.answer(model, official)
        case T.KEEP:
            return steps.keep(model, reviewer)
        case T.REMOVE:
            return steps.remove(model, reviewer)
        case T.RESTORE:
            return steps.restore(model, reviewer)
        case T.CONFIRM:
            return services.round_confirm(round=round, model=model, user=reviewer)
        case T.MARK_TYPICAL:
            return services.model_mark_typical(
                model=model, user=reviewer, comment="100 mô hình", history_reason="workflow:mark_typical"
            )
    raise AssertionError(transition)


def snapshot(model):
    """Everything a refused move must leave as it was."""
    return {
        "row": MovementModel.objects.filter(pk=model.pk).values().get(),
        "history": model.history.count(),
        "events": ModelEvent.objects.filter(model=model).count(),
        "flags": list(ReviewFlag.objects.filter(model=model).order_by("pk").values()),
        "round_entries": list(RoundEntry.objects.filter(model=model).order_by("pk").values()),
        "attachments": ModelAttachment.objects.filter(model=model).count(),
        "notifications": Notification.objects.count(),
    }


@pytest.fixture
def open_round(reviewer):
    return ReviewRound.objects.create(year=2025, title="Bình xét năm 2025", opened_by=reviewer)


def test_the_state_machine_declares_exactly_the_allowed_moves():
    declared = {
        (status, transition)
        for status, transition in product(ModelStatus, Transition)
        if can_proceed(getattr(MovementModel(status=status), _METHODS[transition]))
    }
    assert declared == set(ALLOWED)


@pytest.mark.parametrize(
    ("pair", "target"), THROUGH_SERVICES.items(), ids=[_pair_id(pair) for pair in THROUGH_SERVICES]
)
def test_an_allowed_move_changes_the_status_and_records_one_event(pair, target, alice, reviewer, open_round):
    status, transition = pair
    model = model_in(status, agency=alice.agency, flagged_by=reviewer)
    RoundEntry.objects.create(round=open_round, model=model)
    version = model.version
    actor = alice if transition in (T.SUBMIT, T.ANSWER) else reviewer

    run(transition, model, official=alice, reviewer=reviewer, round=open_round)

    model.refresh_from_db()
    assert model.status == target
    assert model.version == version + 1
    event = ModelEvent.objects.get(model=model)
    assert (event.transition, event.from_status, event.to_status, event.actor) == (transition, status, target, actor)
    # The save the move made is in the model's history, marked as a workflow step (the timeline shows the event).
    assert model.history.latest().history_change_reason == f"workflow:{transition}"


def test_recognising_records_the_decision_on_the_model_and_the_event(alice, reviewer):
    model = steps.model_at(S.SUBMITTED, official=alice, reviewer=reviewer)

    event = steps.recognise(model, reviewer, number="45/QĐ-BCĐ", date=steps.in_days(-3), comment="Đạt tiêu chí.")

    model.refresh_from_db()
    assert model.status == S.RECOGNISED
    assert model.is_in_list
    assert (model.recognition_decision, model.recognition_date) == ("45/QĐ-BCĐ", steps.in_days(-3))
    assert model.recognition_year == steps.in_days(-3).year
    assert model.recognising_body == steps.RECOGNISING_BODY
    assert (event.decision_number, event.decision_date) == ("45/QĐ-BCĐ", steps.in_days(-3))
    assert event.comment == "Đạt tiêu chí."


def test_returning_records_the_reviewers_comments_and_the_official_can_submit_again(alice, reviewer):
    model = steps.model_at(S.SUBMITTED, official=alice, reviewer=reviewer)

    returned = steps.return_for_revision(model, reviewer, comment="Thiếu số liệu năm 2024.")
    resubmitted = steps.submit(model, alice)

    assert returned.comment == "Thiếu số liệu năm 2024."
    assert (resubmitted.from_status, resubmitted.to_status) == (S.RETURNED, S.SUBMITTED)


def test_flagging_opens_a_flag_with_reason_deadline_and_evidence(alice, reviewer):
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)

    flag = steps.flag(
        model, reviewer, reason=FlagReason.DUPLICATE, explanation="Trùng với mô hình DVK-2023-00012.",
        deadline=steps.in_days(15), evidence=[steps.pdf("bien-ban.pdf")],
    )

    event = ModelEvent.objects.get(model=model, transition=T.FLAG)
    assert (flag.outcome, flag.reason, flag.deadline, flag.flagged_by) == (
        FlagOutcome.OPEN, FlagReason.DUPLICATE, steps.in_days(15), reviewer
    )
    assert (event.flag, event.reason) == (flag, FlagReason.DUPLICATE)
    assert event.comment == "Trùng với mô hình DVK-2023-00012."
    assert [a.original_name for a in event.attachments.all()] == ["bien-ban.pdf"]


def test_a_deadline_in_the_past_is_refused(alice, reviewer):
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)
    before = snapshot(model)

    with pytest.raises(ValidationError) as refused:
        steps.flag(model, reviewer, deadline=steps.in_days(-1))

    assert refused.value.code == "deadline_past"
    assert snapshot(model) == before


def test_answering_records_the_answer_the_plan_and_new_results(alice, reviewer):
    model = steps.model_at(S.FLAGGED, official=alice, reviewer=reviewer)
    old_results_date = model.results_updated_at
    workdays = IndicatorTypeFactory(name="Ngày công", unit="ngày công")

    flag = steps.answer(
        model, alice, text="Đã họp dân 4 lần.", improvement_plan="Mở rộng ra 3 thôn.",
        indicators=[services.IndicatorData(indicator_type=workdays, value=Decimal(800), year=2025)],
        attachments=[steps.pdf("ket-qua-2025.pdf")],
    )

    model.refresh_from_db()
    event = ModelEvent.objects.get(model=model, transition=T.ANSWER)
    assert (flag.answer, flag.improvement_plan, flag.answered_by) == ("Đã họp dân 4 lần.", "Mở rộng ra 3 thôn.", alice)
    assert flag.outcome == FlagOutcome.OPEN  # the reviewer still has to decide
    assert model.indicators.filter(year=2025, value=800).exists()
    assert model.indicators.count() == 2  # the earlier indicator stays
    assert model.results_updated_at > old_results_date
    assert [a.original_name for a in event.attachments.all()] == ["ket-qua-2025.pdf"]


def test_keeping_closes_the_flag(alice, reviewer):
    model = steps.model_at(S.UNDER_REVIEW, official=alice, reviewer=reviewer)

    event = steps.keep(model, reviewer, comment="Vẫn hiệu quả.")

    flag = ReviewFlag.objects.get(model=model)
    assert (flag.outcome, flag.decided_by) == (FlagOutcome.KEPT, reviewer)
    assert flag.decided_at is not None
    assert (event.flag, event.reason, event.comment) == (flag, "", "Vẫn hiệu quả.")
    assert not ReviewFlag.objects.open().filter(model=model).exists()


def test_removing_records_the_reason_and_the_decision(alice, reviewer):
    model = steps.model_at(S.FLAGGED, official=alice, reviewer=reviewer)

    event = steps.remove(model, reviewer, number="07/QĐ-BCĐ", date=steps.in_days(-1))

    model.refresh_from_db()
    flag = ReviewFlag.objects.get(model=model)
    assert flag.outcome == FlagOutcome.REMOVED
    assert (event.reason, event.decision_number, event.decision_date) == (
        FlagReason.INACTIVE, "07/QĐ-BCĐ", steps.in_days(-1)
    )
    assert not model.is_in_list
    assert MovementModel.objects.filter(pk=model.pk).exists()  # removed from the list, never deleted
    assert list(MovementModel.objects.removed_in(steps.in_days(-1).year)) == [model]


def test_removing_without_the_decisions_number_and_date_is_refused(alice, reviewer):
    model = steps.model_at(S.FLAGGED, official=alice, reviewer=reviewer)
    before = snapshot(model)

    with pytest.raises(ValidationError) as refused:
        services.flag_decide(model=model, user=reviewer, keep=False, comment="Không hiệu quả.")

    assert refused.value.code == "decision_missing"
    assert snapshot(model) == before


def test_restoring_puts_a_removed_model_back_and_it_can_be_flagged_again(alice, reviewer):
    model = steps.model_at(S.REMOVED, official=alice, reviewer=reviewer)

    event = steps.restore(model, reviewer, number="19/QĐ-BCĐ")
    second_flag = steps.flag(model, reviewer, reason=FlagReason.NO_RESULTS)

    assert event.decision_number == "19/QĐ-BCĐ"
    assert ReviewFlag.objects.filter(model=model).count() == 2
    assert ReviewFlag.objects.open().get(model=model) == second_flag


def test_the_whole_life_of_a_model_is_its_event_list(alice, reviewer):
    model = steps.model_at(S.DRAFT, official=alice, reviewer=reviewer)
    steps.submit(model, alice)
    steps.return_for_revision(model, reviewer)
    steps.submit(model, alice)
    steps.recognise(model, reviewer)
    steps.flag(model, reviewer)
    steps.answer(model, alice)
    steps.keep(model, reviewer)
    steps.flag(model, reviewer, reason=FlagReason.UNIT_REORGANISED)
    steps.remove(model, reviewer)
    steps.restore(model, reviewer)

    moves = list(ModelEvent.objects.filter(model=model).values_list("transition", "from_status", "to_status"))
    assert moves == [
        (T.SUBMIT, S.DRAFT, S.SUBMITTED),
        (T.RETURN, S.SUBMITTED, S.RETURNED),
        (T.SUBMIT, S.RETURNED, S.SUBMITTED),
        (T.RECOGNISE, S.SUBMITTED, S.RECOGNISED),
        (T.FLAG, S.RECOGNISED, S.FLAGGED),
        (T.ANSWER, S.FLAGGED, S.UNDER_REVIEW),
        (T.KEEP, S.UNDER_REVIEW, S.RECOGNISED),
        (T.FLAG, S.RECOGNISED, S.FLAGGED),
        (T.REMOVE, S.FLAGGED, S.REMOVED),
        (T.RESTORE, S.REMOVED, S.RECOGNISED),
    ]


@pytest.mark.parametrize("pair", REFUSED, ids=_pair_id)
def test_a_move_the_state_machine_does_not_allow_is_refused_and_changes_nothing(pair, alice, reviewer, open_round):
    status, transition = pair
    model = model_in(status, agency=alice.agency, flagged_by=reviewer)
    # In the round, so that confirming is refused for its status and not for being out of scope.
    RoundEntry.objects.create(round=open_round, model=model)
    before = snapshot(model)

    with pytest.raises(ValidationError) as refused:
        run(transition, model, official=alice, reviewer=reviewer, round=open_round)

    assert refused.value.code == "illegal_transition"
    assert snapshot(model) == before


@pytest.mark.parametrize("decide", [steps.keep, steps.remove], ids=["keep", "remove"])
@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RECOGNISED])
def test_deciding_on_a_model_that_was_never_flagged_says_so(status, decide, alice, reviewer):
    model = model_in(status, agency=alice.agency, flagged_by=reviewer)

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            decide(model, reviewer)

        assert refused.value.messages == ["This model was never flagged, so there is nothing to decide."]


def test_restoring_a_draft_names_the_move_and_the_status(alice, reviewer):
    model = model_in(S.DRAFT, agency=alice.agency, flagged_by=reviewer)

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            steps.restore(model, reviewer)

        assert refused.value.messages == ["“Restored to the list” is not possible for a model that is “Draft”."]


@pytest.mark.parametrize("first", [steps.keep, steps.remove], ids=["after-keep", "after-remove"])
@pytest.mark.parametrize("second", [steps.keep, steps.remove], ids=["keep", "remove"])
def test_deciding_again_on_a_decided_flag_is_already_decided(first, second, alice, reviewer):
    model = steps.model_at(S.UNDER_REVIEW, official=alice, reviewer=reviewer)
    first(model, reviewer)
    before = snapshot(model)

    with pytest.raises(services.AlreadyDecidedError):
        second(model, reviewer)

    assert snapshot(model) == before


def test_confirming_a_model_outside_the_round_is_refused(alice, reviewer, open_round):
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)
    before = snapshot(model)

    with pytest.raises(ValidationError) as refused:
        services.round_confirm(round=open_round, model=model, user=reviewer)

    assert refused.value.code == "not_in_round"
    assert snapshot(model) == before


def test_confirming_in_a_round_records_the_outcome_without_changing_the_status(alice, reviewer, open_round):
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)
    entry = RoundEntry.objects.create(round=open_round, model=model)

    event = services.round_confirm(round=open_round, model=model, user=reviewer)

    entry.refresh_from_db()
    assert (entry.outcome, entry.reviewed_by) == (RoundOutcome.EFFECTIVE, reviewer)
    assert (event.transition, event.from_status, event.to_status) == (T.CONFIRM, S.RECOGNISED, S.RECOGNISED)
    assert event.comment == open_round.title


def test_an_illegal_move_through_its_page_shows_the_message_and_changes_nothing(client, alice, reviewer):
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)
    before = snapshot(model)
    client.force_login(reviewer)

    response = steps.english(client).post(
        f"/models/{model.pk}/restore/",
        {"comment": "Khôi phục.", "decision_number": "19/QĐ-BCĐ", "decision_date": steps.in_days(0).isoformat()},
    )

    assert response.status_code == 200
    assert "“Restored to the list” is not possible for a model that is “Recognised”." in steps.page_text(response)
    assert snapshot(model) == before
