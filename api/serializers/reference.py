"""Reference data: administrative units (with their validity and successors), agencies, fields, indicator types."""

from rest_framework import serializers

from models_registry.models import AdministrativeUnit, Agency, Field, IndicatorType, UnitSuccession


class SuccessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitSuccession
        fields = ["successor", "effective_date", "share", "legal_basis"]


class AdministrativeUnitSerializer(serializers.ModelSerializer):
    successions = serializers.SerializerMethodField()

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "level", "parent", "valid_from", "valid_to", "successions"]

    def get_successions(self, unit) -> list[dict]:
        """The units it became part of (empty for a unit of today, or one whose successor is not recorded)."""
        rows = self.context.get("successions")
        if rows is None:
            rows = UnitSuccession.objects.filter(predecessor=unit)
        else:
            rows = rows.get(unit.pk, [])
        return SuccessionSerializer(rows, many=True).data


class AgencySerializer(serializers.ModelSerializer):
    children = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "kind", "parent", "children", "administrative_unit", "is_active"]

    def get_children(self, agency) -> list[int]:
        """The agencies directly under it: with `parent`, the whole tree."""
        tree = self.context.get("children")
        if tree is None:
            return list(agency.children.values_list("pk", flat=True))
        return tree.get(agency.pk, [])


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "name", "order", "is_active"]


class IndicatorTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorType
        fields = ["id", "name", "unit", "order", "is_active"]
