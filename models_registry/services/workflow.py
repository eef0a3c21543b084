"""The review workflow: every move of a model, one service each.

Each one checks who may make the move (the same rule the model's state machine gives its pages), makes it
through core.workflow.apply_transition (locked row, legal move, saved with its history entry, a ModelEvent with
who, when, from, to, why and which decision) and tells the people concerned. Every function takes `at=` (now by
default), the time the move is recorded at.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.notifications import notify
from core.exceptions import AlreadyDecidedError
from core.files import validate_upload
from core.workflow import HISTORY_REASON_PREFIX, apply_transition

from ..choices import FlagOutcome, RoundOutcome, Transition
from ..models import Agency, ModelEvent, MovementModel, ReviewFlag, RoundEntry
from ..models.registry import acts_for_owner, decides
from .registry import attach, create_model, own_agency_ids, replace_indicators


def _move(
    model: MovementModel, transition: Transition, *, actor, at=None, changes=None, history_reason=None, **event_fields
) -> ModelEvent:
    """Make one workflow move on `model` and record it as a ModelEvent; the caller holds the transaction."""
    return apply_transition(
        model,
        _METHODS[transition],
        actor=actor,
        at=at,
        label=str(transition.label),
        changes=changes,
        history_reason=history_reason or f"{HISTORY_REASON_PREFIX}{transition}",
        illegal=_("“%(action)s” is not possible for a model that is “%(status)s”."),
        record=lambda move: ModelEvent.objects.create(
            model=move.record,
            transition=transition,
            from_status=move.from_state,
            to_status=move.to_state,
            actor=move.actor,
            at=move.at,
            **event_fields,
        ),
    )


_METHODS = {
    Transition.SUBMIT: "submit",
    Transition.RECOGNISE: "recognise",
    Transition.RECORD: "record_recognised",
    Transition.RETURN: "return_for_revision",
    Transition.FLAG: "flag",
    Transition.ANSWER: "answer",
    Transition.KEEP: "keep",
    Transition.REMOVE: "remove",
    Transition.RESTORE: "restore",
    Transition.CONFIRM: "confirm",
    Transition.MARK_TYPICAL: "mark_typical",
}


def _today(at) -> "timezone.datetime.date":
    return timezone.localdate(at) if at else timezone.localdate()


# Who is told -------------------------------------------------------------------------------------


def _owning_officials(model: MovementModel):
    """The officials of the owning agency, and whoever registered the model."""
    return [*User.objects.officials_of([model.owner_agency_id]), model.created_by]


def _reviewers_who_may_decide(model: MovementModel):
    """The reviewers outside the owning agency and the agencies above it (separation of duties)."""
    return User.objects.reviewers().exclude(agency__in=Agency.objects.ancestors_of(model.owner_agency_id))


def _notify_about(model: MovementModel, people, message: str, *, at=None, **params) -> None:
    notify(people, message, {"code": model.code, "name": model.name, **params}, url=model.get_absolute_url(), at=at)


# Who may move ------------------------------------------------------------------------------------


def check_reviewer(user, model: MovementModel) -> None:
    """Only reviewers decide, and never on their own agency's models (separation of duties)."""
    if not user.has_perm("models_registry.review_movementmodel"):
        raise PermissionDenied(_("Only reviewers can make this decision."))
    if not decides(model, user):
        raise PermissionDenied(
            _("You belong to the agency that owns this model (or one above it), so another reviewer must decide.")
        )


def check_owner_official(user, model: MovementModel) -> None:
    if not acts_for_owner(model, user):
        raise PermissionDenied(_("Only officials of the owning agency (or an agency above it) can do this."))


# The moves ---------------------------------------------------------------------------------------


def model_submit(*, model: MovementModel, user, at=None) -> ModelEvent:
    """Send a draft (or a returned model) to the reviewers. It must say what it does, how, and with
    which measured results."""
    check_owner_official(user, model)
    missing = [
        str(MovementModel._meta.get_field(name).verbose_name)
        for name in ("description", "approach", "results")
        if not getattr(model, name).strip()
    ]
    if missing:
        raise ValidationError(
            _("Fill in before submitting: %(fields)s."), params={"fields": ", ".join(missing)}, code="incomplete"
        )
    if not model.indicators.exists():
        raise ValidationError(_("Record at least one measurable indicator before submitting."), code="no_indicators")
    with transaction.atomic():
        event = _move(model, Transition.SUBMIT, actor=user, at=at)
        _notify_about(
            model,
            _reviewers_who_may_decide(model),
            gettext_noop("%(code)s “%(name)s” was submitted for recognition."),
            at=at,
        )
    return event


def _check_decision_date(decision_date, at) -> None:
    if decision_date > _today(at):
        raise ValidationError(_("The decision date cannot be in the future."), code="decision_in_future")


def _recognition(decision_number: str, decision_date, recognising_body: str) -> dict:
    """The fields a recognising decision sets, and only it."""
    return {
        "recognition_year": decision_date.year,
        "recognition_decision": decision_number,
        "recognition_date": decision_date,
        "recognising_body": recognising_body,
    }


def model_recognise(
    *,
    model: MovementModel,
    user,
    decision_number: str,
    decision_date,
    recognising_body: str,
    comment: str = "",
    at=None,
) -> ModelEvent:
    """Recognise a submitted model: it enters the list under the recognising decision."""
    check_reviewer(user, model)
    _check_decision_date(decision_date, at)
    with transaction.atomic():
        event = _move(
            model,
            Transition.RECOGNISE,
            actor=user,
            at=at,
            changes=_recognition(decision_number, decision_date, recognising_body),
            comment=comment,
            decision_number=decision_number,
            decision_date=decision_date,
        )
        _notify_about(model, _owning_officials(model), gettext_noop("%(code)s “%(name)s” was recognised."), at=at)
    return event


def model_record_recognised(
    *,
    user,
    data: dict,
    decision_number: str,
    decision_date,
    recognising_body: str,
    cooperating_agencies=(),
    indicators=(),
    attachments=(),
    comment: str = "",
    at=None,
    history_reason=None,
) -> MovementModel:
    """Enter a model that an earlier decision recognised (a province's existing list, kept in Excel until now).

    A reviewer who may decide on the owning agency's models does it: the model is registered and recorded as
    recognised by that decision in one step, which its timeline shows, as every other move."""
    if not user.has_perm("models_registry.review_movementmodel"):
        raise PermissionDenied(_("Only reviewers can record recognised models."))
    if data["owner_agency"].pk in own_agency_ids(user):
        raise PermissionDenied(
            _("You belong to the agency that owns this model (or one above it), so another reviewer must decide.")
        )
    _check_decision_date(decision_date, at)
    with transaction.atomic():
        model = create_model(
            user=user,
            data=data,
            cooperating_agencies=cooperating_agencies,
            indicators=indicators,
            attachments=attachments,
            at=at,
            history_reason=history_reason,
        )
        _move(
            model,
            Transition.RECORD,
            actor=user,
            at=at,
            changes=_recognition(decision_number, decision_date, recognising_body),
            comment=comment,
            decision_number=decision_number,
            decision_date=decision_date,
        )
    return model


def model_return(*, model: MovementModel, user, comment: str, at=None) -> ModelEvent:
    """Send a submitted model back to its agency with the reviewer's comments."""
    check_reviewer(user, model)
    with transaction.atomic():
        event = _move(model, Transition.RETURN, actor=user, at=at, comment=comment)
        _notify_about(
            model,
            _owning_officials(model),
            gettext_noop("%(code)s “%(name)s” was returned for revision."),
            at=at,
        )
    return event


def model_flag(
    *, model: MovementModel, user, reason: str, explanation: str, deadline, evidence=(), round=None, at=None
) -> ReviewFlag:
    """Flag a recognised model as possibly ineffective; its agency must answer by the deadline."""
    check_reviewer(user, model)
    if deadline < _today(at):
        raise ValidationError(_("The deadline for the answer cannot be in the past."), code="deadline_past")
    for upload in evidence:
        validate_upload(upload)
    at = at or timezone.now()
    with transaction.atomic():
        # The move first: it refuses a model that is not recognised. Creating the flag first made an
        # already flagged model fail on the one-open-flag constraint (an IntegrityError, a 500 page).
        event = _move(model, Transition.FLAG, actor=user, at=at, reason=reason, comment=explanation)
        flag = ReviewFlag(
            model=model,
            round=round,
            reason=reason,
            explanation=explanation,
            deadline=deadline,
            flagged_by=user,
            flagged_at=at,
        )
        flag._history_user, flag._history_date = user, at
        flag.save()
        event.flag = flag
        event.save(update_fields=["flag"])
        attach(model, user, evidence, event=event, at=at)
        if round is not None:
            record_round_outcome(round, model, user, RoundOutcome.FLAGGED, at=at)
        # Flagged outside a round, the model is flagged in the open rounds that hold it as well: it could
        # no longer be confirmed or flagged there, and those rounds could never close.
        RoundEntry.objects.filter(model=model, outcome=RoundOutcome.PENDING, round__closed_at__isnull=True).update(
            outcome=RoundOutcome.FLAGGED, reviewed_by=user, reviewed_at=at
        )
        _notify_about(
            model,
            _owning_officials(model),
            gettext_noop("%(code)s “%(name)s” was flagged as possibly ineffective; answer by %(deadline)s."),
            deadline=deadline.strftime("%d/%m/%Y"),
            at=at,
        )
    return flag


def flag_answer(
    *, model: MovementModel, user, answer: str, improvement_plan: str = "", indicators=(), attachments=(), at=None
) -> ReviewFlag:
    """The owning agency answers a flag: an explanation, new results, an improvement plan, files."""
    check_owner_official(user, model)
    for upload in attachments:
        validate_upload(upload)
    at = at or timezone.now()
    with transaction.atomic():
        flag = ReviewFlag.objects.select_for_update().filter(model=model).open().first()
        if flag is None or flag.answered_at is not None:
            # Nothing to answer means the model is not flagged: refused like any other illegal move.
            raise ValidationError(_("This model has no flag waiting for an answer."), code="illegal_transition")
        event = _move(model, Transition.ANSWER, actor=user, at=at, comment=answer, flag=flag)
        flag.answer, flag.improvement_plan = answer, improvement_plan
        flag.answered_by, flag.answered_at = user, at
        flag._history_user, flag._history_date = user, at
        flag.save()
        if replace_indicators(model, list(indicators), user=user, at=at, keep_others=True):
            MovementModel.objects.filter(pk=model.pk).update(results_updated_at=at)
        attach(model, user, attachments, event=event, at=at)
        _notify_about(
            model, [flag.flagged_by], gettext_noop("%(code)s “%(name)s”: the agency answered the flag."), at=at
        )
    return flag


def flag_decide(
    *,
    model: MovementModel,
    user,
    keep: bool,
    comment: str,
    decision_number: str = "",
    decision_date=None,
    at=None,
) -> ModelEvent:
    """Close the open flag: keep the model in the list, or remove it with a recorded decision.

    Two reviewers deciding at once: the flag's row is locked, and whoever comes second finds it decided.
    """
    check_reviewer(user, model)
    if not keep and not (decision_number and decision_date):
        raise ValidationError(_("Removing a model needs the decision's number and date."), code="decision_missing")
    if decision_date:
        _check_decision_date(decision_date, at)
    at = at or timezone.now()
    with transaction.atomic():
        flag = ReviewFlag.objects.select_for_update().filter(model=model).order_by("-flagged_at", "-pk").first()
        if flag is None:
            # Deciding on a model that was never flagged is an illegal move, refused like the others.
            raise ValidationError(
                _("This model was never flagged, so there is nothing to decide."), code="illegal_transition"
            )
        if flag.outcome != FlagOutcome.OPEN:
            raise AlreadyDecidedError
        flag.outcome = FlagOutcome.KEPT if keep else FlagOutcome.REMOVED
        flag.decided_by, flag.decided_at = user, at
        flag._history_user, flag._history_date = user, at
        flag.save()
        event = _move(
            model,
            Transition.KEEP if keep else Transition.REMOVE,
            actor=user,
            at=at,
            flag=flag,
            reason="" if keep else flag.reason,
            comment=comment,
            decision_number=decision_number,
            decision_date=decision_date,
            changes=None if keep else {"removal_year": decision_date.year},
        )
        message = (
            gettext_noop("%(code)s “%(name)s” stays in the list.")
            if keep
            else gettext_noop("%(code)s “%(name)s” was removed from the list.")
        )
        _notify_about(model, _owning_officials(model), message, at=at)
    return event


def model_restore(
    *, model: MovementModel, user, comment: str, decision_number: str, decision_date, at=None
) -> ModelEvent:
    """A later decision puts a removed model back in the list."""
    check_reviewer(user, model)
    _check_decision_date(decision_date, at)
    with transaction.atomic():
        event = _move(
            model,
            Transition.RESTORE,
            actor=user,
            at=at,
            changes={"removal_year": None},
            comment=comment,
            decision_number=decision_number,
            decision_date=decision_date,
        )
        _notify_about(
            model, _owning_officials(model), gettext_noop("%(code)s “%(name)s” was restored to the list."), at=at
        )
    return event


def models_bulk_flag(*, models, user, reason: str, explanation: str, deadline, at=None) -> list[ReviewFlag]:
    """Flag several models at once; all or none (each still gets its own flag and event)."""
    with transaction.atomic():
        return [
            _for_model(
                model, model_flag, model=model, user=user, reason=reason, explanation=explanation, deadline=deadline,
                at=at,
            )
            for model in models
        ]


def models_bulk_keep(*, models, user, comment: str, at=None) -> list[ModelEvent]:
    """Keep several flagged models at once; all or none."""
    with transaction.atomic():
        return [
            _for_model(model, flag_decide, model=model, user=user, keep=True, comment=comment, at=at)
            for model in models
        ]


def _for_model(model, service, /, **kwargs):
    """Run a service for one model of a batch, naming the model in any refusal."""
    # Positional-only: the services take `model=` too, which made every bulk action a TypeError.
    try:
        return service(**kwargs)
    except ValidationError as error:
        raise ValidationError(
            _("%(code)s: %(error)s"), params={"code": model.code, "error": " ".join(error.messages)}
        ) from None
    except AlreadyDecidedError:
        raise ValidationError(_("%(code)s: already decided."), params={"code": model.code}) from None


def record_round_outcome(round, model, user, outcome, *, at=None) -> None:
    """A model's outcome in a review round (marked effective, or flagged)."""
    if not round.is_open:
        raise ValidationError(_("This review round is closed."), code="round_closed")
    updated = RoundEntry.objects.filter(round=round, model=model).update(
        outcome=outcome, reviewed_by=user, reviewed_at=at or timezone.now()
    )
    if not updated:
        raise ValidationError(_("This model is not part of the review round."), code="not_in_round")


def model_confirm(*, model: MovementModel, user, comment: str, at=None) -> ModelEvent:
    """Record that a model in the list was found effective (in a review round): no change of status."""
    check_reviewer(user, model)
    return _move(model, Transition.CONFIRM, actor=user, at=at, comment=comment)


def model_mark_typical(*, model: MovementModel, user, comment: str, history_reason: str, at=None) -> ModelEvent:
    """Mark a model in the list typical: what publishing a compilation of typical models does to each entry.
    The caller (compilations.services) checks who may publish."""
    if not user.has_perm("models_registry.review_movementmodel"):
        raise PermissionDenied(_("Only reviewers can mark models typical."))
    return _move(
        model,
        Transition.MARK_TYPICAL,
        actor=user,
        at=at,
        changes={"is_typical": True},
        history_reason=history_reason,
        comment=comment,
    )
