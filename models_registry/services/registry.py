"""Registering and editing models: their content, indicators, co-operating agencies and evidence files.

What a model *is* changes here; where it stands in the workflow (status, recognition, removal, the typical mark)
changes only through workflow.py and the compilations' publication. Every function takes `at=` (now by
default): the time its rows and history entries carry, so an import of earlier records, or the demo, goes
through the very same rules as a person at the form.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import CheckConstraint, F
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConcurrentEditError
from core.files import validate_upload
from core.history import stamp

from ..choices import ReplicationKind
from ..models import Agency, IndicatorType, ModelAttachment, ModelIndicator, MovementModel
from .replication import replications_set

# The fields an official fills in. Everything else on a model is the workflow's (status, recognition, removal,
# the typical mark) or the application's (code, version, search text).
CONTENT_FIELDS = [
    "name",
    "kind",
    "owner_agency",
    "registered_unit",
    "field",
    "level",
    "year_started",
    "description",
    "approach",
    "results",
]


@dataclass(frozen=True)
class IndicatorData:
    indicator_type: IndicatorType
    value: Decimal
    year: int


def own_agency_ids(user) -> set[int]:
    """The agencies a user acts for, as ids: their agency and every one beneath it (none without an agency).
    An official registers models only for these; a reviewer never records these agencies' recognitions."""
    if user.agency_id is None:
        return set()
    return set(Agency.objects.subtree_of(user.agency_id).values_list("pk", flat=True))


def check_owner_agency(user, agency: Agency, *, own: set[int] | None = None) -> None:
    """An official registers models only for their agency and the agencies under it. `own`: own_agency_ids(user),
    read once by a caller that checks many agencies (an import)."""
    if agency.pk not in (own_agency_ids(user) if own is None else own):
        raise PermissionDenied(_("You can only register models for your own agency and the agencies under it."))


def _check_content(data: dict) -> None:
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        # A programming error, not user input: the workflow's fields have their own services.
        raise ValueError(f"not content fields of a model: {sorted(unknown)}")


def _next_codes(year: int, count: int = 1) -> list[str]:
    """The next `count` free codes of the year, in order (one query)."""
    prefix = f"DVK-{year}-"
    last = (
        MovementModel.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return [f"{prefix}{n:05d}" for n in range(number, number + count)]


def _next_code(year: int) -> str:
    return _next_codes(year)[0]


def replace_indicators(model: MovementModel, indicators, *, user, at=None, keep_others=False) -> bool:
    """Make the model's indicators `indicators` (plus the others if keep_others), touching only the rows that
    change. Says whether anything changed."""
    existing = {(i.indicator_type_id, i.year): i for i in model.indicators.all()}
    wanted = {(i.indicator_type.pk, i.year): i for i in indicators}
    changed = False
    for key, row in existing.items():
        if key not in wanted and not keep_others:
            stamp(row, user=user, at=at).delete()
            changed = True
    for key, data in wanted.items():
        row = existing.get(key)
        if row is None:
            row = ModelIndicator(model=model, indicator_type=data.indicator_type, year=data.year, value=data.value)
            row.full_clean(exclude=["model"])
            stamp(row, user=user, at=at).save()
            changed = True
        elif row.value != data.value:
            row.value = data.value
            stamp(row, user=user, at=at).save(update_fields=["value"])
            changed = True
    return changed


def attach(model: MovementModel, user, uploads, *, event=None, at=None) -> None:
    for upload in uploads:
        ModelAttachment.build(upload, user=user, at=at, model=model, event=event).save()


def create_model(
    *, user, data: dict, cooperating_agencies=(), indicators=(), attachments=(), at=None, history_reason=None, **state
):
    """The shared part of registering a model: checks, a fresh code, the row, its links, indicators and files.

    `state` holds the workflow's starting fields, given only by the services that record a recognised model."""
    _check_content(data)
    for upload in attachments:
        validate_upload(upload)
    at = at or timezone.now()
    model = MovementModel(**data, **state, created_by=user, created_at=at, results_updated_at=at)
    model.full_clean(exclude=["code"])
    # Two officials saving at the same moment may compute the same next code; the unique constraint
    # catches it and the second one takes the following number.
    for _attempt in range(5):
        model.code = _next_code(timezone.localtime(at).year)
        try:
            with transaction.atomic():
                stamp(model, user=user, at=at, reason=history_reason).save()
                # simple-history snapshots the links in a second entry, which the timeline shows as part of
                # the creation (history.model_timeline).
                model.cooperating_agencies.set(cooperating_agencies)
                replace_indicators(model, list(indicators), user=user, at=at)
                attach(model, user, attachments, at=at)
            return model
        except IntegrityError:
            if MovementModel.objects.filter(code=model.code).exists():
                model.pk = None
                continue
            raise
    raise ValidationError(_("Could not assign a code to the model; please try again."))


def model_create(
    *,
    user,
    data: dict,
    cooperating_agencies=(),
    indicators: list[IndicatorData] = (),
    attachments=(),
    at=None,
    history_reason=None,
    replicates=None,
    replication_kind=ReplicationKind.ADOPTED,
) -> MovementModel:
    """Register a new model, as a draft of an agency the user acts for. `history_reason` says where it came
    from (an import) on its history entry; `replicates`, the models in the list it replicates, `replication_kind`."""
    if not user.has_perm("models_registry.add_movementmodel"):
        raise PermissionDenied(_("You may not register models."))
    check_owner_agency(user, data["owner_agency"])
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
        if replicates:
            replications_set(replica=model, sources=replicates, kind=replication_kind, user=user, at=at)
    return model


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
    at=None,
    history_reason=None,
    replicates=None,
    replication_kind=ReplicationKind.ADOPTED,
    relabel_kept_links=False,
) -> MovementModel:
    """Change a model's content (and, given `replicates`, the models it replicates: new links take
    `replication_kind`, kept links too only with `relabel_kept_links`); refused if somebody (or a workflow step)
    saved it since `expected_version`.

    Only the content fields are written, so a workflow field changed meanwhile is never overwritten."""
    if not MovementModel.objects.editable_by(user).filter(pk=model.pk).exists():
        raise PermissionDenied(_("You may not change this model."))
    _check_content(data)
    if "owner_agency" in data:
        check_owner_agency(user, data["owner_agency"])
    for upload in new_attachments:
        validate_upload(upload)
    at = at or timezone.now()
    results_before = model.results
    for name, value in data.items():
        setattr(model, name, value)
    model.full_clean()
    with transaction.atomic():
        # Compare-and-set on the version: of two editors who read version N, only the first save
        # moves it to N+1; the second finds no row at version N and is refused.
        claimed = MovementModel.objects.filter(pk=model.pk, version=expected_version).update(version=F("version") + 1)
        if not claimed:
            raise ConcurrentEditError
        model.version = expected_version + 1
        indicators_changed = indicators is not None and replace_indicators(model, indicators, user=user, at=at)
        fields = [*data, "version", "updated_at"]
        if indicators_changed or model.results != results_before:
            model.results_updated_at = at
            fields.append("results_updated_at")
        stamp(model, user=user, at=at, reason=history_reason).save(update_fields=fields)
        if cooperating_agencies is not None:
            model.cooperating_agencies.set(cooperating_agencies)
        attach(model, user, new_attachments, at=at)
        for attachment in removed_attachments:
            if attachment.model_id == model.pk:
                attachment.remove(user=user, at=at)
        if replicates is not None:
            replications_set(replica=model, sources=replicates, kind=replication_kind, user=user, at=at,
                             relabel_kept=relabel_kept_links)
    return model


# The foreign keys full_clean() checks one query each, per model; models_create_many() checks them for all at once.
_REFERENCES = ("owner_agency", "registered_unit", "field", "created_by")


def _clean_many(models: list[MovementModel], *, exclude: list[str]) -> None:
    """model.full_clean(exclude=exclude) for every model, with the same errors (the first faulty model's, as
    full_clean() would raise them), in a number of queries that does not grow with the models: the references
    are looked up once per foreign key, and the constraints checked once per distinct set of the values they read."""
    errors: dict[int, dict] = {}

    def add(index, error: ValidationError):
        errors[index] = error.update_error_dict(errors.get(index, {}))

    for index, model in enumerate(models):
        try:
            model.full_clean(exclude=[*exclude, *_REFERENCES], validate_constraints=False)
        except ValidationError as error:
            add(index, error)
    for name in _REFERENCES:
        if name in exclude:
            continue
        field = MovementModel._meta.get_field(name)
        ids = {getattr(model, field.attname) for model in models} - {None}
        existing = set(
            field.remote_field.model._base_manager.filter(pk__in=ids)
            .complex_filter(field.get_limit_choices_to())
            .values_list("pk", flat=True)
        )
        for index, model in enumerate(models):
            value = getattr(model, field.attname)
            if value is None or value not in existing:
                try:
                    field.clean(value, model)  # empty or missing: full_clean()'s own message
                except ValidationError as error:
                    add(index, ValidationError({name: error.error_list}))
    using = router.db_for_write(MovementModel)
    for model_class, constraints in models[0].get_constraints():
        for constraint in constraints:
            # A check reads a few columns: models alike in them pass or fail alike, so it is asked once for them.
            read = None
            if isinstance(constraint, CheckConstraint):
                read = [MovementModel._meta.pk.attname if name == "pk" else MovementModel._meta.get_field(name).attname
                        for name in sorted(constraint.condition.referenced_base_fields)]
            outcome: dict = {}
            for index, model in enumerate(models):
                key = index if read is None else tuple(getattr(model, name) for name in read)
                if key not in outcome:
                    try:
                        constraint.validate(model_class, model, exclude=set(exclude), using=using)
                        outcome[key] = None
                    except ValidationError as error:
                        if getattr(error, "code", None) == "unique" and len(getattr(constraint, "fields", ())) == 1:
                            error = ValidationError({constraint.fields[0]: [error]})  # as validate_constraints()
                        outcome[key] = error
                if outcome[key] is not None:
                    add(index, outcome[key])
    if errors:
        first = min(errors)
        error = ValidationError(errors[first])
        error.index = first  # which model, for a caller that names rows
        raise error


def models_create_many(*, user, rows: list[dict], at=None, history_reason=None) -> list[MovementModel]:
    """model_create() for many new models with their content only (an import's drafts): the same checks, rows,
    codes (in the order given) and history entries, and the same signals sent, in a number of queries that does
    not grow with the rows. All or none. A refusal carries `index`, the refused row's place in `rows`."""
    if not user.has_perm("models_registry.add_movementmodel"):
        raise PermissionDenied(_("You may not register models."))
    own = own_agency_ids(user)
    for index, data in enumerate(rows):
        _check_content(data)
        try:
            check_owner_agency(user, data["owner_agency"], own=own)
        except PermissionDenied as refusal:
            refusal.index = index
            raise
    if not rows:
        return []
    at = at or timezone.now()
    models = [MovementModel(**data, created_by=user, created_at=at, results_updated_at=at) for data in rows]
    _clean_many(models, exclude=["code"])
    using = router.db_for_write(MovementModel)
    with transaction.atomic():
        # As create_model(): a code taken meanwhile by another official makes the insert fail on the unique
        # constraint, and the codes are counted again.
        for _attempt in range(5):
            for model, code in zip(models, _next_codes(timezone.localtime(at).year, len(models)), strict=True):
                model.pk, model._state.adding, model.code = None, True, code
                stamp(model, user=user, at=at, reason=history_reason)
                # What save() does before writing: the derived columns, then the pre_save receivers (text cleaned).
                model.fill_derived_fields()
                pre_save.send(sender=MovementModel, instance=model, raw=False, using=using, update_fields=None)
            try:
                with transaction.atomic():
                    MovementModel.objects.bulk_create(models)
                    MovementModel.history.bulk_history_create(models)
                break
            except IntegrityError:
                if MovementModel.objects.filter(code__in=[model.code for model in models]).exists():
                    continue
                raise
        else:
            raise ValidationError(_("Could not assign a code to the model; please try again."))
        # The post_save receivers, as a save runs them; the history entries are written above, in one go.
        for model in models:
            model.skip_history_when_saving = True
            post_save.send(sender=MovementModel, instance=model, created=True, update_fields=None, raw=False,
                           using=using)
            del model.skip_history_when_saving
    return models
