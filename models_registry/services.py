"""Every write to the registry goes through these functions: views, admin actions and commands call them.

Each one checks who may do it, changes the database in one transaction, and leaves a history entry
(django-simple-history records who, when and what on every save).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import TransitionNotAllowed

from accounts.notifications import notify
from accounts.roles import Role
from core.files import validate_upload

from .choices import FlagOutcome, ModelStatus, RoundOutcome, Transition
from .history import WORKFLOW_REASON_PREFIX
from .models import (
    Agency,
    IndicatorType,
    ModelAttachment,
    ModelEvent,
    ModelIndicator,
    MovementModel,
    ReviewFlag,
    ReviewRound,
    RoundEntry,
)


class ConcurrentEditError(Exception):
    """Somebody else saved the model after this editor opened it."""


class AlreadyDecidedError(Exception):
    """Another reviewer decided this case first."""


@dataclass(frozen=True)
class IndicatorData:
    indicator_type: IndicatorType
    value: Decimal
    year: int


def _check_owner_agency(user, agency: Agency) -> None:
    if user.is_superuser:
        return
    if user.agency_id is None or not Agency.objects.subtree_of(user.agency_id).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("You can only register models for your own agency and the agencies under it."))


def _next_code(year: int) -> str:
    prefix = f"DVK-{year}-"
    last = (
        MovementModel.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _replace_indicators(model: MovementModel, indicators: list[IndicatorData], *, keep_others=False) -> bool:
    """Make the model's indicators `indicators` (plus the others if keep_others), touching only the rows
    that change. Says whether anything changed."""
    existing = {(i.indicator_type_id, i.year): i for i in model.indicators.all()}
    wanted = {(i.indicator_type.pk, i.year): i for i in indicators}
    changed = False
    for key, row in existing.items():
        if key not in wanted and not keep_others:
            row.delete()
            changed = True
    for key, data in wanted.items():
        row = existing.get(key)
        if row is None:
            ModelIndicator.objects.create(
                model=model, indicator_type=data.indicator_type, year=data.year, value=data.value
            )
            changed = True
        elif row.value != data.value:
            row.value = data.value
            row.save(update_fields=["value"])
            changed = True
    return changed


def _attach(model: MovementModel, user, uploads, event=None) -> None:
    for upload in uploads:
        ModelAttachment.build(upload, user=user, model=model, event=event).save()


def model_create(
    *,
    user,
    data: dict,
    cooperating_agencies=(),
    indicators: list[IndicatorData] = (),
    attachments=(),
) -> MovementModel:
    """Register a new model, as a draft of an agency the user acts for."""
    if not user.has_perm("models_registry.add_movementmodel"):
        raise PermissionDenied(_("You may not register models."))
    _check_owner_agency(user, data["owner_agency"])
    for upload in attachments:
        validate_upload(upload)
    model = MovementModel(**data, created_by=user)
    model.full_clean(exclude=["code"])
    year = timezone.localdate().year
    # Two officials saving at the same moment may compute the same next code; the unique constraint
    # catches it and the second one takes the following number.
    for _attempt in range(5):
        model.code = _next_code(year)
        try:
            with transaction.atomic():
                model.save()
                model.cooperating_agencies.set(cooperating_agencies)
                _replace_indicators(model, list(indicators))
                _attach(model, user, attachments)
            return model
        except IntegrityError:
            if MovementModel.objects.filter(code=model.code).exists():
                model.pk = None
                continue
            raise
    raise ValidationError(_("Could not assign a code to the model; please try again."))


def model_update(
    *,
    model: MovementModel,
    user,
    expected_version: int,
    data: dict,
    cooperating_agencies=None,
    indicators: list[IndicatorData] | None = None,
    new_attachments=(),
    removed_attachments=(),
) -> MovementModel:
    """Change a model's content; refused if somebody else saved it since `expected_version` was read."""
    if not MovementModel.objects.editable_by(user).filter(pk=model.pk).exists():
        raise PermissionDenied(_("You may not change this model."))
    if "owner_agency" in data:
        _check_owner_agency(user, data["owner_agency"])
    for upload in new_attachments:
        validate_upload(upload)
    results_before = model.results
    for name, value in data.items():
        setattr(model, name, value)
    model.full_clean()
    with transaction.atomic():
        # Compare-and-set on the version: of two editors who read version N, only the first save
        # moves it to N+1; the second finds no row at version N and is refused.
        claimed = MovementModel.objects.filter(pk=model.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise ConcurrentEditError
        model.version = expected_version + 1
        indicators_changed = indicators is not None and _replace_indicators(model, indicators)
        if indicators_changed or model.results != results_before:
            model.results_updated_at = timezone.now()
        model.save()
        if cooperating_agencies is not None:
            model.cooperating_agencies.set(cooperating_agencies)
        _attach(model, user, new_attachments)
        for attachment in removed_attachments:
            if attachment.model_id == model.pk:
                attachment.remove(user=user)
    return model


# The review workflow ---------------------------------------------------------------------------
#
# Every move goes through _move(): it locks the model's row, lets the state machine on MovementModel
# refuse an illegal move, saves, writes the ModelEvent (who, when, from, to, why, which decision), and
# notifies the people concerned once the transaction commits.

_TRANSITION_METHODS = {
    Transition.SUBMIT: MovementModel.submit,
    Transition.RECOGNISE: MovementModel.recognise,
    Transition.RETURN: MovementModel.return_for_revision,
    Transition.FLAG: MovementModel.flag,
    Transition.ANSWER: MovementModel.answer,
    Transition.KEEP: MovementModel.keep,
    Transition.REMOVE: MovementModel.remove,
    Transition.RESTORE: MovementModel.restore,
    Transition.CONFIRM: MovementModel.confirm,
}


def _move(model: MovementModel, transition: Transition, *, actor, changes=None, **event_fields) -> ModelEvent:
    """Apply one workflow move to the locked row of `model`; the caller holds the transaction."""
    locked = MovementModel.objects.select_for_update().get(pk=model.pk)
    from_status = locked.status
    try:
        _TRANSITION_METHODS[transition](locked)
    except TransitionNotAllowed:
        raise ValidationError(
            _("“%(action)s” is not possible for a model that is “%(status)s”."),
            params={"action": transition.label, "status": locked.get_status_display()},
            code="illegal_transition",
        ) from None
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
    locked.version += 1
    locked._change_reason = f"{WORKFLOW_REASON_PREFIX}{transition}"
    locked.save()
    event = ModelEvent.objects.create(
        model=locked, transition=transition, from_status=from_status, to_status=locked.status, actor=actor,
        **event_fields,
    )
    model.refresh_from_db()
    return event


def _owning_officials(model: MovementModel):
    """The officials of the owning agency, and whoever registered the model."""
    officials = list(
        model.owner_agency.users.filter(groups__name=Role.OFFICIAL, is_active=True).distinct()
    )
    return [*officials, model.created_by]


def _reviewers():
    from accounts.models import User

    return User.objects.filter(groups__name=Role.REVIEWER, is_active=True).distinct()


def _reviewers_who_may_decide(model: MovementModel):
    """The reviewers outside the owning agency and the agencies above it (separation of duties)."""
    above = []
    agency = model.owner_agency
    while agency is not None:
        above.append(agency.pk)
        agency = agency.parent
    return _reviewers().exclude(agency__in=above)


def _notify_about(model: MovementModel, people, message: str, **params) -> None:
    notify(people, message, {"code": model.code, "name": model.name, **params}, url=model.get_absolute_url())


def _check_reviewer(user, model: MovementModel) -> None:
    """Only reviewers decide, and never on their own agency's models (separation of duties)."""
    if not user.has_perm("models_registry.review_movementmodel"):
        raise PermissionDenied(_("Only reviewers can make this decision."))
    if not MovementModel.objects.decidable_by(user).filter(pk=model.pk).exists():
        raise PermissionDenied(
            _("You belong to the agency that owns this model (or one above it), so another reviewer must decide.")
        )


def acts_for_owner(user, model: MovementModel) -> bool:
    """An official of the owning agency or of an agency above it."""
    return user.has_perm("models_registry.change_movementmodel") and bool(
        user.is_superuser
        or (user.agency_id and Agency.objects.subtree_of(user.agency_id).filter(pk=model.owner_agency_id).exists())
    )


def _check_owner_official(user, model: MovementModel) -> None:
    if not acts_for_owner(user, model):
        raise PermissionDenied(_("Only officials of the owning agency (or an agency above it) can do this."))


def model_submit(*, model: MovementModel, user) -> ModelEvent:
    """Send a draft (or a returned model) to the reviewers. It must say what it does, how, and with
    which measured results."""
    _check_owner_official(user, model)
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
        event = _move(model, Transition.SUBMIT, actor=user)
        _notify_about(
            model, _reviewers_who_may_decide(model), gettext_noop("%(code)s “%(name)s” was submitted for recognition.")
        )
    return event


def model_recognise(
    *, model: MovementModel, user, decision_number: str, decision_date, recognising_body: str, comment: str = ""
) -> ModelEvent:
    """Recognise a submitted model: it enters the list under the recognising decision."""
    _check_reviewer(user, model)
    with transaction.atomic():
        event = _move(
            model,
            Transition.RECOGNISE,
            actor=user,
            changes={
                "recognition_year": decision_date.year,
                "recognition_decision": decision_number,
                "recognition_date": decision_date,
                "recognising_body": recognising_body,
            },
            comment=comment,
            decision_number=decision_number,
            decision_date=decision_date,
        )
        _notify_about(model, _owning_officials(model), gettext_noop("%(code)s “%(name)s” was recognised."))
    return event


def model_return(*, model: MovementModel, user, comment: str) -> ModelEvent:
    """Send a submitted model back to its agency with the reviewer's comments."""
    _check_reviewer(user, model)
    with transaction.atomic():
        event = _move(model, Transition.RETURN, actor=user, comment=comment)
        _notify_about(
            model, _owning_officials(model), gettext_noop("%(code)s “%(name)s” was returned for revision.")
        )
    return event


def model_flag(
    *, model: MovementModel, user, reason: str, explanation: str, deadline, evidence=(), round=None
) -> ReviewFlag:
    """Flag a recognised model as possibly ineffective; its agency must answer by the deadline."""
    _check_reviewer(user, model)
    if deadline < timezone.localdate():
        raise ValidationError(_("The deadline for the answer cannot be in the past."), code="deadline_past")
    for upload in evidence:
        validate_upload(upload)
    with transaction.atomic():
        # The move first: it refuses a model that is not recognised. Creating the flag first made an
        # already flagged model fail on the one-open-flag constraint (an IntegrityError, a 500 page).
        event = _move(model, Transition.FLAG, actor=user, reason=reason, comment=explanation)
        flag = ReviewFlag.objects.create(
            model=model, round=round, reason=reason, explanation=explanation, deadline=deadline, flagged_by=user
        )
        event.flag = flag
        event.save(update_fields=["flag"])
        _attach(model, user, evidence, event=event)
        if round is not None:
            _record_round_outcome(round, model, user, RoundOutcome.FLAGGED)
        # Flagged outside a round, the model is flagged in the open rounds that hold it as well: it could
        # no longer be confirmed or flagged there, and those rounds could never close.
        RoundEntry.objects.filter(model=model, outcome=RoundOutcome.PENDING, round__closed_at__isnull=True).update(
            outcome=RoundOutcome.FLAGGED, reviewed_by=user, reviewed_at=timezone.now()
        )
        _notify_about(
            model,
            _owning_officials(model),
            gettext_noop("%(code)s “%(name)s” was flagged as possibly ineffective; answer by %(deadline)s."),
            deadline=deadline.strftime("%d/%m/%Y"),
        )
    return flag


def flag_answer(
    *, model: MovementModel, user, answer: str, improvement_plan: str = "", indicators=(), attachments=()
) -> ReviewFlag:
    """The owning agency answers a flag: an explanation, new results, an improvement plan, files."""
    _check_owner_official(user, model)
    for upload in attachments:
        validate_upload(upload)
    with transaction.atomic():
        flag = ReviewFlag.objects.select_for_update().filter(model=model).open().first()
        if flag is None or flag.answered_at is not None:
            # Nothing to answer means the model is not flagged: refused like any other illegal move.
            raise ValidationError(_("This model has no flag waiting for an answer."), code="illegal_transition")
        event = _move(model, Transition.ANSWER, actor=user, comment=answer, flag=flag)
        flag.answer, flag.improvement_plan = answer, improvement_plan
        flag.answered_by, flag.answered_at = user, timezone.now()
        flag.save()
        if _replace_indicators(model, list(indicators), keep_others=True):
            MovementModel.objects.filter(pk=model.pk).update(results_updated_at=timezone.now())
        _attach(model, user, attachments, event=event)
        _notify_about(model, [flag.flagged_by], gettext_noop("%(code)s “%(name)s”: the agency answered the flag."))
    return flag


def flag_decide(
    *,
    model: MovementModel,
    user,
    keep: bool,
    comment: str,
    decision_number: str = "",
    decision_date=None,
) -> ModelEvent:
    """Close the open flag: keep the model in the list, or remove it with a recorded decision.

    Two reviewers deciding at once: the flag's row is locked, and whoever comes second finds it decided.
    """
    _check_reviewer(user, model)
    if not keep and not (decision_number and decision_date):
        raise ValidationError(_("Removing a model needs the decision's number and date."), code="decision_missing")
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
        flag.decided_by, flag.decided_at = user, timezone.now()
        flag.save()
        event = _move(
            model,
            Transition.KEEP if keep else Transition.REMOVE,
            actor=user,
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
        _notify_about(model, _owning_officials(model), message)
    return event


def model_restore(*, model: MovementModel, user, comment: str, decision_number: str, decision_date) -> ModelEvent:
    """A later decision puts a removed model back in the list."""
    _check_reviewer(user, model)
    with transaction.atomic():
        event = _move(
            model,
            Transition.RESTORE,
            actor=user,
            changes={"removal_year": None},
            comment=comment,
            decision_number=decision_number,
            decision_date=decision_date,
        )
        _notify_about(model, _owning_officials(model), gettext_noop("%(code)s “%(name)s” was restored to the list."))
    return event


def models_bulk_flag(*, models, user, reason: str, explanation: str, deadline) -> list[ReviewFlag]:
    """Flag several models at once; all or none (each still gets its own flag and event)."""
    with transaction.atomic():
        return [
            _for_model(model, model_flag, model=model, user=user, reason=reason, explanation=explanation,
                       deadline=deadline)
            for model in models
        ]


def models_bulk_keep(*, models, user, comment: str) -> list[ModelEvent]:
    """Keep several flagged models at once; all or none."""
    with transaction.atomic():
        return [_for_model(model, flag_decide, model=model, user=user, keep=True, comment=comment) for model in models]


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


# Review rounds ---------------------------------------------------------------------------------


def round_models(round: ReviewRound):
    """The models in a round's scope: in the list, owned by one of its agencies (or one beneath) or
    registered in one of its units (or one beneath or merged into it). No scope means the whole province."""
    from .models import AdministrativeUnit

    scope = Q()
    for agency in round.agencies.all():
        scope |= Q(owner_agency__in=Agency.objects.subtree_of(agency))
    for unit in round.units.all():
        scope |= Q(registered_unit__in=AdministrativeUnit.objects.counted_under(unit))
    return MovementModel.objects.in_list().filter(scope)


def round_open(*, user, year: int, title: str, agencies=(), units=()) -> ReviewRound:
    """Open the yearly review over a set of agencies or units; every model in scope gets an entry."""
    if not user.has_perm("models_registry.review_movementmodel"):
        raise PermissionDenied(_("Only reviewers can open a review round."))
    with transaction.atomic():
        round = ReviewRound.objects.create(year=year, title=title, opened_by=user)
        round.agencies.set(agencies)
        round.units.set(units)
        # A model already flagged is already under review: it could be neither confirmed nor flagged
        # again in the round, which then could never close. It counts as flagged from the start.
        RoundEntry.objects.bulk_create(
            RoundEntry(
                round=round,
                model_id=pk,
                outcome=RoundOutcome.PENDING if status == ModelStatus.RECOGNISED else RoundOutcome.FLAGGED,
            )
            for pk, status in round_models(round).values_list("pk", "status")
        )
    return round


def _record_round_outcome(round: ReviewRound, model, user, outcome) -> None:
    if not round.is_open:
        raise ValidationError(_("This review round is closed."), code="round_closed")
    updated = RoundEntry.objects.filter(round=round, model=model).update(
        outcome=outcome, reviewed_by=user, reviewed_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This model is not part of the review round."), code="not_in_round")


def round_confirm(*, round: ReviewRound, model: MovementModel, user) -> ModelEvent:
    """Mark a model of the round effective: it stays in the list, and the decision is recorded."""
    _check_reviewer(user, model)
    with transaction.atomic():
        _record_round_outcome(round, model, user, RoundOutcome.EFFECTIVE)
        return _move(model, Transition.CONFIRM, actor=user, comment=round.title)


def round_confirm_many(*, round: ReviewRound, models, user) -> list[ModelEvent]:
    """Mark several models of the round effective at once; all or none."""
    with transaction.atomic():
        return [round_confirm(round=round, model=model, user=user) for model in models]


def round_close(*, round: ReviewRound, user) -> ReviewRound:
    """Close a round once every model in it was marked effective or flagged."""
    if not user.has_perm("models_registry.review_movementmodel"):
        raise PermissionDenied(_("Only reviewers can close a review round."))
    with transaction.atomic():
        round = ReviewRound.objects.select_for_update().get(pk=round.pk)
        if not round.is_open:
            raise ValidationError(_("This review round is already closed."), code="round_closed")
        pending = round.entries.filter(outcome=RoundOutcome.PENDING).count()
        if pending:
            raise ValidationError(
                _("%(count)s models of this round are not reviewed yet; mark each effective or flag it."),
                params={"count": pending},
                code="round_incomplete",
            )
        round.closed_by, round.closed_at = user, timezone.now()
        round.save()
    return round
