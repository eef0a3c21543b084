"""The registry's models: read (narrowed by visible_to, filtered by the list's own FilterSet), registered and
edited as drafts, and moved through the review workflow, each through the service the web page calls."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from core.exceptions import ConcurrentEditError
from models_registry import services
from models_registry.choices import RoundOutcome
from models_registry.forms import AnswerForm, DecideForm, FlagForm, RecogniseForm, RestoreForm, ReturnForm
from models_registry.models import (
    ModelAttachment,
    ModelEvent,
    ModelIndicator,
    MovementModel,
    Replication,
    ReviewFlag,
    ReviewRound,
)

from .. import forms as api_forms
from ..filtersets import ApiModelFilterSet, FlagFilterSet
from ..pagination import LargeListPagination, SmallListPagination
from ..serializers import registry as s
from ..serializers import writes as w
from .base import ReadOnlyViewSet

IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag (the version) the change is based on: a stale one gets 409 and changes nothing.",
)


class PreconditionRequired(APIException):
    status_code = 428
    default_code = "precondition_required"

    def __init__(self):
        super().__init__(_("Say which version the change is based on: an If-Match header or a “version” field."))


def etag(model) -> str:
    return f'"{model.version}"'


def expected_version(request, *, required: bool) -> int | None:
    """The version the client based its change on: If-Match ("3" or W/"3") or the body's `version`."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        try:
            return int(header.removeprefix("W/").strip('"'))
        except ValueError:
            raise ConcurrentEditError from None
    version = request.data.get("version") if isinstance(request.data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool):
        return version
    if required:
        raise PreconditionRequired()
    return None


class ModelViewSet(ReadOnlyViewSet):
    """Models and exemplars. The list takes the same filters as /models/ (with no status: the models in the
    list today), newest first, in cursor pages."""

    required_permission = "models_registry.view_movementmodel"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiModelFilterSet
    pagination_class = LargeListPagination
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        models = MovementModel.objects.visible_to(self.request.user)
        if self.action == "list":
            return models
        return models.select_related("registered_unit").prefetch_related(
            "cooperating_agencies",
            Prefetch("indicators", ModelIndicator.objects.select_related("indicator_type")),
            Prefetch("attachments", ModelAttachment.objects.order_by("pk")),
            Prefetch("events", ModelEvent.objects.select_related("actor")),
            Prefetch("replication_sources", Replication.objects.select_related("source").order_by("source__code")),
            Prefetch("replications", Replication.objects.select_related("replica").order_by("replica__code")),
        )

    def get_serializer_class(self):
        return s.ModelListSerializer if self.action == "list" else s.ModelDetailSerializer

    def _answer(self, model, code=status.HTTP_200_OK):
        model = self.get_queryset().get(pk=model.pk)
        return Response(s.ModelDetailSerializer(model).data, status=code, headers={"ETag": etag(model)})

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    @extend_schema(request=w.ModelInputSerializer, responses={201: s.ModelDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Register a draft with its indicators, for an agency the user acts for (the form /models/new/)."""
        if not request.user.has_perm("models_registry.add_movementmodel"):
            raise PermissionDenied(_("Only officials can register models."))
        payload = _valid(w.ModelInputSerializer, request)
        payload.pop("version", None)
        data, cooperating, indicators = api_forms.clean_model(payload, user=request.user)
        model = services.model_create(
            user=request.user, data=data, cooperating_agencies=cooperating, indicators=indicators or ()
        )
        return self._answer(model, status.HTTP_201_CREATED)

    @extend_schema(request=w.ModelInputSerializer, parameters=[IF_MATCH], responses=s.ModelDetailSerializer)
    def update(self, request, *args, partial=False, **kwargs):
        """Change a model's content (a draft, a returned or a recognised model of the user's agency). The
        version it is based on is required; a stale one gets 409 and nothing changes."""
        model = self.get_object()
        # Who may, first: someone who may not change the model hears so, whatever they sent.
        if not MovementModel.objects.editable_by(request.user).filter(pk=model.pk).exists():
            raise PermissionDenied(
                _("A model that is “%(status)s” cannot be changed.") % {"status": model.get_status_display()}
                if not model.is_editable
                else _("Only officials of the owning agency (or an agency above it) can change this model.")
            )
        version = expected_version(request, required=True)
        payload = _valid(w.ModelInputSerializer, request, partial=partial)
        payload.pop("version", None)
        if partial:
            payload = {**_current_content(model), **payload}
        data, cooperating, indicators = api_forms.clean_model(payload, user=request.user, instance=model)
        services.model_update(
            model=model,
            user=request.user,
            expected_version=version,
            data=data,
            cooperating_agencies=cooperating,
            indicators=indicators,
        )
        return self._answer(model)

    @extend_schema(request=w.ModelInputSerializer, parameters=[IF_MATCH], responses=s.ModelDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    # The workflow's moves: one each, the service the web page calls. If-Match is optional here: when given,
    # a model changed since gets 409.

    def _move(self, request, perform):
        model = self.get_object()
        version = expected_version(request, required=False)
        with transaction.atomic():
            if version is not None:
                current = MovementModel.objects.select_for_update().values_list("version", flat=True).get(pk=model.pk)
                if current != version:
                    raise ConcurrentEditError
            perform(model)
        return self._answer(model)

    @extend_schema(request=None, parameters=[IF_MATCH], responses=s.ModelDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft (or a returned model) to the reviewers."""
        return self._move(request, lambda model: services.model_submit(model=model, user=request.user))

    @extend_schema(request=w.RecogniseInputSerializer, parameters=[IF_MATCH], responses=s.ModelDetailSerializer)
    @action(detail=True, methods=["post"])
    def recognise(self, request, pk=None):
        data = _form(RecogniseForm, w.RecogniseInputSerializer, request)
        return self._move(request, lambda model: services.model_recognise(model=model, user=request.user, **data))

    @extend_schema(request=w.ReturnInputSerializer, parameters=[IF_MATCH], responses=s.ModelDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_revision(self, request, pk=None):
        data = _form(ReturnForm, w.ReturnInputSerializer, request)
        return self._move(request, lambda model: services.model_return(model=model, user=request.user, **data))

    @extend_schema(request=w.FlagInputSerializer, parameters=[IF_MATCH], responses=s.ModelDetailSerializer)
    @action(detail=True, methods=["post"])
    def flag(self, request, pk=None):
        data = _form(FlagForm, w.FlagInputSerializer, request)
        data.pop("evidence", None)
        return self._move(request, lambda model: services.model_flag(model=model, user=request.user, **data))

    @extend_schema(request=w.AnswerInputSerializer, parameters=[IF_MATCH], responses=s.ModelDetailSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The owning agency answers the open flag (with new indicators if any)."""
        payload = _valid(w.AnswerInputSerializer, request)
        data = api_forms.clean(AnswerForm({k: v for k, v in payload.items() if k != "indicators"}))
        data.pop("attachments", None)
        indicators = api_forms.clean_indicators(payload.get("indicators", []))
        return self._move(
            request,
            lambda model: services.flag_answer(model=model, user=request.user, indicators=indicators, **data),
        )

    @extend_schema(request=w.DecideInputSerializer, parameters=[IF_MATCH], responses=s.ModelDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Keep the flagged model in the list, or remove it with the decision's number and date. A case another
        reviewer just decided gets 409."""
        data = _form(DecideForm, w.DecideInputSerializer, request)
        keep = data.pop("decision") == DecideForm.KEEP
        return self._move(
            request, lambda model: services.flag_decide(model=model, user=request.user, keep=keep, **data)
        )

    @extend_schema(request=w.RestoreInputSerializer, parameters=[IF_MATCH], responses=s.ModelDetailSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        data = _form(RestoreForm, w.RestoreInputSerializer, request)
        return self._move(request, lambda model: services.model_restore(model=model, user=request.user, **data))


def _valid(serializer_class, request, *, partial=False) -> dict:
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _form(form_class, serializer_class, request) -> dict:
    """The JSON's types checked by the serializer, then the web form's own rules."""
    return dict(api_forms.clean(form_class(_valid(serializer_class, request))))


def _current_content(model) -> dict:
    """What a PATCH leaves as it is."""
    return {
        **{name: getattr(model, f"{name}_id" if name in ("owner_agency", "registered_unit", "field") else name)
           for name in services.CONTENT_FIELDS},
        "cooperating_agencies": list(model.cooperating_agencies.values_list("pk", flat=True)),
    }


class FlagViewSet(ReadOnlyViewSet):
    """Review flags of the models the user may see, with the agency's answer and the decision that closed them."""

    required_permission = "models_registry.view_movementmodel"
    serializer_class = s.FlagSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = FlagFilterSet
    pagination_class = LargeListPagination

    def get_queryset(self):
        return (
            ReviewFlag.objects.filter(model__in=MovementModel.objects.visible_to(self.request.user))
            .select_related("flagged_by", "answered_by", "decided_by")
            .prefetch_related("events")
        )


class RoundViewSet(ReadOnlyViewSet):
    """The yearly review rounds, with reviewed / total: for reviewers, as on /reviews/rounds/."""

    required_permission = "models_registry.review_movementmodel"
    serializer_class = s.RoundSerializer
    pagination_class = SmallListPagination

    def get_queryset(self):
        return ReviewRound.objects.annotate(
            total=Count("entries", distinct=True),
            reviewed=Count("entries", filter=~Q(entries__outcome=RoundOutcome.PENDING), distinct=True),
        ).prefetch_related("agencies", "units").order_by("-year", "-pk")
