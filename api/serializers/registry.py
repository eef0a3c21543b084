"""Models, their indicators, attachments' metadata, workflow events, flags and decisions, review rounds."""

from django.urls import reverse
from rest_framework import serializers

from models_registry.choices import IN_LIST_STATUSES, ReplicationKind
from models_registry.models import (
    ModelAttachment,
    ModelEvent,
    ModelIndicator,
    MovementModel,
    ReviewFlag,
    ReviewRound,
)


def _person(user) -> str | None:
    return str(user) if user else None


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class IndicatorSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="indicator_type.unit", read_only=True)

    class Meta:
        model = ModelIndicator
        fields = ["indicator_type", "unit", "value", "year"]


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ModelAttachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "event", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse("models_registry:attachment", args=[attachment.model_id, attachment.pk])


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ModelEvent
        fields = [
            "id",
            "model",
            "transition",
            "from_status",
            "to_status",
            "actor",
            "at",
            "reason",
            "comment",
            "decision_number",
            "decision_date",
            "flag",
        ]

    def get_actor(self, event) -> str | None:
        return _person(event.actor)


class ReplicationRefSerializer(serializers.Serializer):
    """A replication link seen from one end: the model at the other end, and how it was replicated."""

    id = serializers.IntegerField(help_text="The other model's id.")
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=ReplicationKind.choices)


def _replication_refs(links, end: str) -> list:
    return ReplicationRefSerializer(
        [{"id": getattr(link, end).pk, "code": getattr(link, end).code, "kind": link.kind} for link in links],
        many=True,
    ).data


class ModelListSerializer(serializers.ModelSerializer):
    class Meta:
        model = MovementModel
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "level",
            "status",
            "owner_agency",
            "field",
            "registered_unit",
            "year_started",
            "recognition_year",
            "removal_year",
            "is_typical",
            "version",
            "updated_at",
        ]


class ModelDetailSerializer(ModelListSerializer):
    registered_unit_detail = serializers.SerializerMethodField()
    units_today = serializers.SerializerMethodField()
    indicators = IndicatorSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()
    events = EventSerializer(many=True, read_only=True)
    replicates = serializers.SerializerMethodField()
    replicated_by = serializers.SerializerMethodField()

    class Meta(ModelListSerializer.Meta):
        fields = [
            *ModelListSerializer.Meta.fields,
            "description",
            "approach",
            "results",
            "cooperating_agencies",
            "recognition_decision",
            "recognition_date",
            "recognising_body",
            "created_at",
            "registered_unit_detail",
            "units_today",
            "indicators",
            "attachments",
            "events",
            "replicates",
            "replicated_by",
        ]

    def get_registered_unit_detail(self, model) -> UnitRefSerializer:
        """The unit as registered, kept after reorganisations."""
        return UnitRefSerializer(model.registered_unit).data

    def get_units_today(self, model) -> UnitRefSerializer(many=True):
        """The unit(s) that stand for it today (empty when the unit ended with no recorded successor)."""
        return UnitRefSerializer(model.registered_unit.current_units(), many=True).data

    def get_replicates(self, model) -> ReplicationRefSerializer(many=True):
        """The models it replicates (read-only here; the web page and form set them)."""
        return _replication_refs(model.replication_sources.all(), "source")

    def get_replicated_by(self, model) -> ReplicationRefSerializer(many=True):
        """The models in the list that replicate it directly (its page shows the onward ones too)."""
        return _replication_refs(
            [link for link in model.replications.all() if link.replica.status in IN_LIST_STATUSES], "replica"
        )

    def get_attachments(self, model) -> AttachmentSerializer(many=True):
        return AttachmentSerializer([a for a in model.attachments.all() if a.removed_at is None], many=True).data


class DecisionSerializer(serializers.Serializer):
    """The decision that closed a flag: keep or remove, with its number and date."""

    transition = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    comment = serializers.CharField()
    at = serializers.DateTimeField()


class FlagSerializer(serializers.ModelSerializer):
    flagged_by = serializers.SerializerMethodField()
    answered_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta:
        model = ReviewFlag
        fields = [
            "id",
            "model",
            "round",
            "reason",
            "explanation",
            "deadline",
            "flagged_by",
            "flagged_at",
            "answer",
            "improvement_plan",
            "answered_by",
            "answered_at",
            "outcome",
            "decided_by",
            "decided_at",
            "decision",
        ]

    def get_flagged_by(self, flag) -> str | None:
        return _person(flag.flagged_by)

    def get_answered_by(self, flag) -> str | None:
        return _person(flag.answered_by)

    def get_decided_by(self, flag) -> str | None:
        return _person(flag.decided_by)

    def get_decision(self, flag) -> DecisionSerializer(allow_null=True):
        decided = [e for e in flag.events.all() if e.transition in ("keep", "remove")]
        return DecisionSerializer(decided[-1]).data if decided else None


class RoundSerializer(serializers.ModelSerializer):
    total = serializers.IntegerField(read_only=True)
    reviewed = serializers.IntegerField(read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = ReviewRound
        fields = ["id", "year", "title", "agencies", "units", "opened_at", "closed_at", "is_open", "total", "reviewed"]
