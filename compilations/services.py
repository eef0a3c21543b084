"""Every write to a compilation goes through these functions: views, the demo loader and the admin call them.

Each one checks who may do it and that the compilation is still open, locks the compilation's row (so two
reviewers selecting at the same moment cannot take it past its capacity), changes the database in one
transaction and leaves a history entry. A refused action raises PermissionDenied or ValidationError and
changes nothing.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.notifications import notify
from core import audit
from core.files import validate_upload
from core.history import stamp
from core.workflow import apply_transition
from models_registry.models import MovementModel
from models_registry.services import model_mark_typical

from .choices import CRITERIA, CompilationStatus
from .models import Compilation, Nomination, Score

PHOTO_TYPES = {".jpg", ".jpeg", ".png"}
# The change reason of the history entry a model gets when a published compilation marks it typical.
TYPICAL_REASON_PREFIX = "compilation:"


def _require_manager(user) -> None:
    if not user.has_perm("compilations.manage_compilation"):
        raise PermissionDenied(_("Only reviewers can work on compilations."))


def _lock_open(compilation: Compilation) -> Compilation:
    """The compilation's row, locked until the transaction ends; refused once it is published."""
    locked = Compilation.objects.select_for_update().get(pk=compilation.pk)
    if locked.status != CompilationStatus.OPEN:
        raise ValidationError(_("This compilation is published: it can no longer be changed."), code="published")
    return locked


def _check_in_list(model: MovementModel) -> None:
    if not MovementModel.objects.in_list().filter(pk=model.pk).exists():
        raise ValidationError(
            _("%(code)s is not in the list of recognised models; only models in the list can be in a compilation."),
            params={"code": model.code},
            code="not_in_list",
        )


def _save(instance, *, user, reason=None, update_fields=None, at=None) -> None:
    stamp(instance, user=user, at=at, reason=reason).save(update_fields=update_fields)


# Compilations ------------------------------------------------------------------------------------


def compilation_create(
    *, user, title: str, first_year: int, last_year: int, capacity: int = 100, at=None
) -> Compilation:
    """Open a compilation for nominations. Its capacity is fixed from now on."""
    if not user.has_perm("compilations.add_compilation"):
        raise PermissionDenied(_("Only reviewers can create compilations."))
    compilation = Compilation(
        title=title.strip(), first_year=first_year, last_year=last_year, capacity=capacity, created_by=user
    )
    compilation.full_clean()
    if compilation.last_year < compilation.first_year:
        raise ValidationError({"last_year": _("The last year cannot be before the first year.")})
    with transaction.atomic():
        _save(compilation, user=user, at=at)
    return compilation


# Nominations -------------------------------------------------------------------------------------


def nominate(*, compilation: Compilation, user, model: MovementModel, reason: str = "", at=None) -> Nomination:
    """Propose a model in the list, recognised within the compilation's period."""
    _require_manager(user)
    with transaction.atomic():
        locked = _lock_open(compilation)
        _check_in_list(model)
        if model.recognition_year is None or not locked.first_year <= model.recognition_year <= locked.last_year:
            raise ValidationError(
                _("%(code)s was not recognised within %(period)s, the period of this compilation."),
                params={"code": model.code, "period": locked.period},
                code="outside_period",
            )
        if locked.nominations.filter(model=model).exists():
            raise ValidationError(
                _("%(code)s is already nominated for this compilation."), params={"code": model.code}, code="duplicate"
            )
        nomination = Nomination(
            compilation=locked, model=model, reason=reason.strip(), nominated_by=user, nominated_at=at or timezone.now()
        )
        try:
            with transaction.atomic():
                _save(nomination, user=user, at=at)
        except IntegrityError:  # nominated by somebody else at the same moment
            raise ValidationError(
                _("%(code)s is already nominated for this compilation."), params={"code": model.code}, code="duplicate"
            ) from None
    return nomination


def score_nomination(*, nomination: Nomination, user, marks: dict[str, int], comment: str = "", at=None) -> Score:
    """Record the reviewer's score of a nomination, or change it. A reviewer never scores a model of their
    own agency or of an agency beneath it (MovementModel.objects.decidable_by): another reviewer must."""
    _require_manager(user)
    if set(marks) != {name for name, _label in CRITERIA}:
        raise ValidationError(_("Give a mark for every criterion."), code="missing_mark")
    with transaction.atomic():
        _lock_open(nomination.compilation)
        if not MovementModel.objects.decidable_by(user).filter(pk=nomination.model_id).exists():
            raise PermissionDenied(
                _("You cannot score a model of your own agency or of an agency under it: another reviewer must.")
            )
        score = Score.objects.filter(nomination=nomination, reviewer=user).first() or Score(
            nomination=nomination, reviewer=user
        )
        for name, value in marks.items():
            setattr(score, name, value)
        score.comment = comment.strip()
        score.full_clean(exclude=["nomination", "reviewer"])
        _save(score, user=user, at=at)
        audit.record(user, audit.DECISION, target=nomination, move="score", marks=marks)
    return score


def _selected_count(compilation: Compilation) -> int:
    return compilation.nominations.selected().count()


def _full_error(compilation: Compilation) -> ValidationError:
    return ValidationError(
        _("This compilation already holds %(capacity)s entries, the most it may hold."),
        params={"capacity": compilation.capacity},
        code="full",
    )


def nomination_select(*, nomination: Nomination, user, at=None) -> Nomination:
    """Select one nomination by hand, within the capacity."""
    _require_manager(user)
    with transaction.atomic():
        locked = _lock_open(nomination.compilation)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.selected:
            return nomination
        _check_in_list(nomination.model)
        if _selected_count(locked) >= locked.capacity:
            raise _full_error(locked)
        nomination.selected = True
        _save(nomination, user=user, reason="select", update_fields=["selected", "updated_at"], at=at)
        audit.record(user, audit.DECISION, target=nomination, move="select")
    return nomination


def nomination_unselect(*, nomination: Nomination, user, at=None) -> Nomination:
    _require_manager(user)
    with transaction.atomic():
        _lock_open(nomination.compilation)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.selected:
            nomination.selected = False
            _save(nomination, user=user, reason="unselect", update_fields=["selected", "updated_at"], at=at)
            audit.record(user, audit.DECISION, target=nomination, move="unselect")
    return nomination


def select_highest(*, compilation: Compilation, user, at=None) -> list[Nomination]:
    """Fill the compilation up to its capacity with the highest-scoring nominations not yet selected that have
    at least COMPILATION_MIN_SCORES scores and whose model is still in the list. Ties go to the nomination
    with more scores, then to the earlier one. Returns the nominations it selected."""
    _require_manager(user)
    with transaction.atomic():
        locked = _lock_open(compilation)
        room = locked.capacity - _selected_count(locked)
        if room <= 0:
            raise _full_error(locked)
        candidates = list(
            locked.nominations.filter(selected=False, model__in=MovementModel.objects.in_list())
            .by_score()
            .filter(score_count__gte=settings.COMPILATION_MIN_SCORES)[:room]
        )
        for nomination in candidates:
            nomination.selected = True
            _save(nomination, user=user, reason="select-highest", update_fields=["selected", "updated_at"], at=at)
            audit.record(user, audit.DECISION, target=nomination, move="select-highest")
    return candidates


# Write-ups ---------------------------------------------------------------------------------------


def validate_photo(upload) -> str:
    """A JPEG or PNG photo of bounded size, checked by its name and its first bytes; returns its type."""
    if upload.size > settings.COMPILATION_PHOTO_MAX_SIZE:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a photo may be at most %(limit)s."),
            code="photo_too_large",
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.COMPILATION_PHOTO_MAX_SIZE),
            },
        )
    if PurePath(upload.name).suffix.lower() not in PHOTO_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a photo: upload a JPEG or PNG image."),
            code="not_a_photo",
            params={"name": upload.name},
        )
    try:
        return validate_upload(upload).content_type
    except ValidationError:
        raise ValidationError(
            _("“%(name)s” is not a photo: upload a JPEG or PNG image."),
            code="not_a_photo",
            params={"name": upload.name},
        ) from None


def nomination_write_up(*, nomination: Nomination, user, write_up: str, photo=None, at=None) -> Nomination:
    """Write the entry's short presentation and, optionally, replace its photo."""
    _require_manager(user)
    content_type = validate_photo(photo) if photo is not None else None
    with transaction.atomic():
        _lock_open(nomination.compilation)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        nomination.write_up = write_up.strip()
        if photo is not None:
            nomination.photo = photo
            nomination.photo_name = PurePath(photo.name).name[:255]
            nomination.photo_content_type = content_type
        nomination.full_clean(exclude=["compilation", "model", "nominated_by"])
        _save(nomination, user=user, reason="write-up", at=at)
    return nomination


# Publication -------------------------------------------------------------------------------------


def compilation_publish(*, compilation: Compilation, user, at=None) -> Compilation:
    """Publish: every selected entry must be written up with a photo and still be in the list. The selected
    models are marked typical (each with a history entry naming the compilation); from now on the
    compilation is read-only."""
    _require_manager(user)
    with transaction.atomic():
        locked = _lock_open(compilation)
        selected = list(locked.nominations.selected().select_related("model").order_by("pk"))
        if not selected:
            raise ValidationError(_("Select at least one entry before publishing."), code="empty")
        unready = [n.model.code for n in selected if not n.is_ready]
        if unready:
            raise ValidationError(
                _("Every selected entry needs a write-up and a photo; missing for: %(codes)s."),
                params={"codes": ", ".join(unready)},
                code="not_written_up",
            )
        out_of_list = [n.model.code for n in selected if not n.model.is_in_list]
        if out_of_list:
            raise ValidationError(
                _("These selected models are no longer in the list: %(codes)s. Unselect them first."),
                params={"codes": ", ".join(out_of_list)},
                code="not_in_list",
            )
        at = at or timezone.now()
        apply_transition(
            locked,
            "publish",
            actor=user,
            at=at,
            label=_("Publish"),
            changes={"published_by": user, "published_at": at},
            history_reason="publish",
        )
        # Each entry is marked typical through the registry's own move: a workflow event, a history entry naming
        # this compilation, and a new version of the model, so an edit form opened before cannot undo it.
        for model in MovementModel.objects.filter(pk__in=[n.model_id for n in selected], is_typical=False):
            model_mark_typical(
                model=model,
                user=user,
                comment=locked.title,
                history_reason=f"{TYPICAL_REASON_PREFIX}{locked.pk}",
                at=at,
            )
        _notify_owners(locked, selected, at=at)
    compilation.refresh_from_db()
    return compilation


def _notify_owners(compilation: Compilation, selected: list[Nomination], at=None) -> None:
    officials = User.objects.officials_of({n.model.owner_agency_id for n in selected})
    for official in officials:
        for nomination in selected:
            if nomination.model.owner_agency_id == official.agency_id:
                notify(
                    [official],
                    gettext_noop("%(code)s “%(name)s” was selected for “%(compilation)s”."),
                    {"code": nomination.model.code, "name": nomination.model.name, "compilation": compilation.title},
                    url=compilation.get_absolute_url(),
                    at=at,
                )
