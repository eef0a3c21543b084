"""Published compilations of typical models and their entries."""

from rest_framework import serializers

from compilations.models import Compilation, Nomination


class EntrySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="model.code", read_only=True)
    name = serializers.CharField(source="model.name", read_only=True)
    field = serializers.IntegerField(source="model.field_id", read_only=True)
    owner_agency = serializers.IntegerField(source="model.owner_agency_id", read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "model", "code", "name", "field", "owner_agency", "write_up"]


class CompilationSerializer(serializers.ModelSerializer):
    entries = serializers.SerializerMethodField()

    class Meta:
        model = Compilation
        fields = ["id", "title", "first_year", "last_year", "capacity", "status", "published_at", "entries"]

    def get_entries(self, compilation) -> EntrySerializer(many=True):
        """The selected models in the booklet's order (by field, then name)."""
        entries = compilation.nominations.selected().select_related("model").in_booklet_order()
        return EntrySerializer(entries, many=True).data
