"""Every write to the registry goes through these functions: views, admin actions and commands call them.

Each one checks who may do it, changes the database in one transaction, and leaves a history entry
(django-simple-history records who, when and what on every save).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from .models import Agency, IndicatorType, ModelAttachment, ModelIndicator, MovementModel
from .uploads import validate_upload


class ConcurrentEditError(Exception):
    """Somebody else saved the model after this editor opened it."""


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


def _replace_indicators(model: MovementModel, indicators: list[IndicatorData]) -> None:
    """Make the model's indicators exactly `indicators`, touching only the rows that change."""
    existing = {(i.indicator_type_id, i.year): i for i in model.indicators.all()}
    wanted = {(i.indicator_type.pk, i.year): i for i in indicators}
    for key, row in existing.items():
        if key not in wanted:
            row.delete()
    for key, data in wanted.items():
        row = existing.get(key)
        if row is None:
            ModelIndicator.objects.create(
                model=model, indicator_type=data.indicator_type, year=data.year, value=data.value
            )
        elif row.value != data.value:
            row.value = data.value
            row.save(update_fields=["value"])


def _attach(model: MovementModel, user, uploads) -> None:
    for upload in uploads:
        file_type = validate_upload(upload)
        ModelAttachment.objects.create(
            model=model,
            file=upload,
            original_name=upload.name[:255],
            content_type=file_type.content_type,
            size=upload.size,
            uploaded_by=user,
        )


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
        model.save()
        if cooperating_agencies is not None:
            model.cooperating_agencies.set(cooperating_agencies)
        if indicators is not None:
            _replace_indicators(model, indicators)
        _attach(model, user, new_attachments)
        for attachment in removed_attachments:
            if attachment.model_id == model.pk and attachment.removed_at is None:
                attachment.removed_at = timezone.now()
                attachment.save(update_fields=["removed_at"])
    return model


def model_submit(*, model: MovementModel, user) -> MovementModel:
    """Send a draft to the reviewers. It must say what it does, how, and with which measured results."""
    if not MovementModel.objects.editable_by(user).filter(pk=model.pk).exists():
        raise PermissionDenied(_("You may not submit this model."))
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
        raise ValidationError(
            _("Record at least one measurable indicator before submitting."), code="no_indicators"
        )
    with transaction.atomic():
        locked = MovementModel.objects.select_for_update().get(pk=model.pk)
        try:
            locked.submit()
        except TransitionNotAllowed:
            raise ValidationError(
                _("Only a draft can be submitted; this model is “%(status)s”."),
                params={"status": locked.get_status_display()},
                code="illegal_transition",
            ) from None
        locked.version += 1
        locked.save()
    locked.refresh_from_db()
    return locked
