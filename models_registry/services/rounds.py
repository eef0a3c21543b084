"""The yearly review (bình xét): a round over some agencies or units, every model in it marked effective or
flagged, then closed. Every function takes `at=` (now by default)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit

from ..choices import ModelStatus, RoundOutcome
from ..models import ModelEvent, MovementModel, ReviewRound, RoundEntry
from .workflow import check_reviewer, model_confirm, record_round_outcome


def round_models(round: ReviewRound):
    """The models in a round's scope: in the list, owned by one of its agencies (or one beneath) or
    registered in one of its units (or one beneath or merged into it). No scope means the whole province."""
    scope = Q()
    for agency in round.agencies.all():
        scope |= Q(pk__in=MovementModel.objects.of_agency(agency).values("pk"))
    for unit in round.units.all():
        scope |= Q(pk__in=MovementModel.objects.in_unit(unit).values("pk"))
    return MovementModel.objects.in_list().filter(scope)


def round_open(*, user, year: int, title: str, agencies=(), units=(), at=None) -> ReviewRound:
    """Open the yearly review over a set of agencies or units; every model in scope gets an entry."""
    if not user.has_perm("models_registry.review_movementmodel"):
        raise PermissionDenied(_("Only reviewers can open a review round."))
    at = at or timezone.now()
    with transaction.atomic():
        round = ReviewRound(year=year, title=title, opened_by=user, opened_at=at)
        round._history_user, round._history_date = user, at
        round.save()
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
        audit.record(user, audit.DECISION, target=round, move="open_round", year=year)
    return round


def round_confirm(*, round: ReviewRound, model: MovementModel, user, at=None) -> ModelEvent:
    """Mark a model of the round effective: it stays in the list, and the decision is recorded."""
    check_reviewer(user, model)
    with transaction.atomic():
        record_round_outcome(round, model, user, RoundOutcome.EFFECTIVE, at=at)
        return model_confirm(model=model, user=user, comment=round.title, at=at)


def round_confirm_many(*, round: ReviewRound, models, user, at=None) -> list[ModelEvent]:
    """Mark several models of the round effective at once; all or none."""
    with transaction.atomic():
        return [round_confirm(round=round, model=model, user=user, at=at) for model in models]


def round_close(*, round: ReviewRound, user, at=None) -> ReviewRound:
    """Close a round once every model in it was marked effective or flagged."""
    if not user.has_perm("models_registry.review_movementmodel"):
        raise PermissionDenied(_("Only reviewers can close a review round."))
    at = at or timezone.now()
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
        round.closed_by, round.closed_at = user, at
        round._history_user, round._history_date = user, at
        round.save()
        audit.record(user, audit.DECISION, target=round, move="close_round")
    return round
