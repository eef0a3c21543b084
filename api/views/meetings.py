"""Published meetings, directives (with their parts and progress), reference documents: the web lists' own
FilterSets, in the web lists' order. An assigned agency reports progress on its part here too."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from meetings import services
from meetings.filtersets import DIRECTIVES_DEFAULT_ORDER, MeetingFilterSet, ReferenceDocumentFilterSet
from meetings.forms import ProgressReportForm
from meetings.models import Directive, DirectiveAssignment, Meeting, ProgressEntry, ReferenceDocument
from models_registry.models import MovementModel

from .. import forms as api_forms
from ..filtersets import ApiDirectiveFilterSet
from ..pagination import SmallListPagination
from ..serializers import meetings as s
from ..serializers import writes as w
from .base import ApiView, ReadOnlyViewSet


class MeetingViewSet(ReadOnlyViewSet):
    """Published meetings with their attendees (drafts stay with the secretariat)."""

    required_permission = "meetings.view_meeting"
    serializer_class = s.MeetingSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MeetingFilterSet
    pagination_class = SmallListPagination

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .published()
            .prefetch_related("organisers", "attendances")
            .order_by("-date", "-pk")
        )


def _parts():
    return Prefetch(
        "assignments",
        DirectiveAssignment.objects.prefetch_related(
            Prefetch("entries", ProgressEntry.objects.select_related("actor"))
        ),
    )


def _models_seen_by(user):
    """The models a directive or a document concerns, among those the user may see (another agency's draft
    stays out, even as an id)."""
    return Prefetch("registry_models", MovementModel.objects.visible_to(user).order_by("pk"))


class DirectiveViewSet(ReadOnlyViewSet):
    """Directives of published meetings, with their status (open, in progress, overdue, done), each agency's
    part and its progress reports."""

    required_permission = "meetings.view_directive"
    serializer_class = s.DirectiveSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiDirectiveFilterSet
    pagination_class = SmallListPagination

    def get_queryset(self):
        return (
            Directive.objects.visible_to(self.request.user)
            .filter(meeting__status="published")
            .with_status()
            .prefetch_related(_parts(), "documents", _models_seen_by(self.request.user))
            .order_by(*DIRECTIVES_DEFAULT_ORDER)
        )


class ProgressReportView(ApiView):
    """An assigned agency reports progress on its part of a directive, or reports it done (`mark_done`)."""

    required_permission = "meetings.view_directive"

    @extend_schema(request=w.ProgressInputSerializer, responses={201: s.AssignmentSerializer})
    def post(self, request, pk, part_pk):
        directive = get_object_or_404(
            Directive.objects.visible_to(request.user).filter(meeting__status="published"), pk=pk
        )
        part = get_object_or_404(directive.assignments.select_related("agency"), pk=part_pk)
        serializer = w.ProgressInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = api_forms.clean(ProgressReportForm(serializer.validated_data))
        if data["mark_done"]:
            services.assignment_mark_done(
                assignment=part, user=request.user, text=data["text"], milestone=data["milestone"]
            )
        else:
            services.report_progress(
                assignment=part, user=request.user, text=data["text"], percent=data["percent"],
                milestone=data["milestone"],
            )
        part = DirectiveAssignment.objects.prefetch_related("entries__actor").get(pk=part.pk)
        return Response(s.AssignmentSerializer(part).data, status=status.HTTP_201_CREATED)


class ReferenceDocumentViewSet(ReadOnlyViewSet):
    required_permission = "meetings.view_referencedocument"
    serializer_class = s.ReferenceDocumentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReferenceDocumentFilterSet
    pagination_class = SmallListPagination

    def get_queryset(self):
        return ReferenceDocument.objects.visible_to(self.request.user).prefetch_related(
            _models_seen_by(self.request.user)
        )
