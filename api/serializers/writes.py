"""What the API's writes accept. These check the JSON's shape and types (and refuse unknown fields); the web
forms then check the same rules as on the pages (api/forms.py), and the services the rest."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from models_registry.choices import FlagReason, ModelKind, ModelLevel


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know: a misspelt field is an error, not silently dropped."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class IndicatorInputSerializer(StrictSerializer):
    indicator_type = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=18, decimal_places=2)
    year = serializers.IntegerField()


class ModelInputSerializer(StrictSerializer):
    """A model's content, as the form /models/new/ takes it. On update, `version` (or If-Match) says which
    version the change is based on."""

    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=ModelKind.choices)
    owner_agency = serializers.IntegerField()
    cooperating_agencies = serializers.ListField(child=serializers.IntegerField(), required=False)
    registered_unit = serializers.IntegerField()
    field = serializers.IntegerField()
    level = serializers.ChoiceField(choices=ModelLevel.choices)
    year_started = serializers.IntegerField()
    description = serializers.CharField(required=False, allow_blank=True)
    approach = serializers.CharField(required=False, allow_blank=True)
    results = serializers.CharField(required=False, allow_blank=True)
    indicators = IndicatorInputSerializer(many=True, required=False)
    version = serializers.IntegerField(required=False, help_text="The version the change is based on (or If-Match).")


class RecogniseInputSerializer(StrictSerializer):
    decision_number = serializers.CharField(max_length=100)
    decision_date = serializers.DateField()
    recognising_body = serializers.CharField(max_length=255)
    comment = serializers.CharField(required=False, allow_blank=True)


class ReturnInputSerializer(StrictSerializer):
    comment = serializers.CharField()


class FlagInputSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=FlagReason.choices)
    explanation = serializers.CharField()
    deadline = serializers.DateField()


class AnswerInputSerializer(StrictSerializer):
    answer = serializers.CharField()
    improvement_plan = serializers.CharField(required=False, allow_blank=True)
    indicators = IndicatorInputSerializer(many=True, required=False)


class DecideInputSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=[("keep", "keep"), ("remove", "remove")])
    comment = serializers.CharField()
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    decision_date = serializers.DateField(required=False, allow_null=True)


class RestoreInputSerializer(StrictSerializer):
    comment = serializers.CharField()
    decision_number = serializers.CharField(max_length=100)
    decision_date = serializers.DateField()


class ProgressInputSerializer(StrictSerializer):
    text = serializers.CharField()
    percent = serializers.IntegerField(required=False, allow_null=True)
    milestone = serializers.CharField(required=False, allow_blank=True, max_length=255)
    mark_done = serializers.BooleanField(required=False, default=False)
