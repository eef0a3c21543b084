"""Published meetings with their attendees, directives with their parts and progress, reference documents."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import Attendance, Directive, DirectiveAssignment, Meeting, ProgressEntry, ReferenceDocument


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["full_name", "title", "agency", "agency_name", "role", "order"]


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "08:00"})
class LocalTimeField(serializers.TimeField):
    """A time of day in the province ("08:00"): OpenAPI's `time` format would ask for a UTC offset."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", read_only=True, allow_null=True, **kwargs)


class MeetingSerializer(serializers.ModelSerializer):
    start_time = LocalTimeField()
    end_time = LocalTimeField()
    attendees = AttendanceSerializer(source="attendances", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "kind",
            "organisers",
            "date",
            "start_time",
            "end_time",
            "place",
            "agenda",
            "minutes",
            "status",
            "published_at",
            "attendees",
        ]


class ProgressEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ProgressEntry
        fields = ["id", "action", "from_state", "to_state", "text", "percent", "milestone", "actor", "at"]

    def get_actor(self, entry) -> str:
        return str(entry.actor)


class AssignmentSerializer(serializers.ModelSerializer):
    progress = ProgressEntrySerializer(source="entries", many=True, read_only=True)

    class Meta:
        model = DirectiveAssignment
        fields = ["id", "agency", "role", "state", "progress"]


class DirectiveSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="current_status", read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Directive
        fields = [
            "id",
            "meeting",
            "number",
            "text",
            "deadline",
            "is_ongoing",
            "status",
            "documents",
            "registry_models",
            "assignments",
        ]


class ReferenceDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferenceDocument
        fields = ["id", "kind", "number", "title", "issuing_body", "issued_on", "registry_models"]
