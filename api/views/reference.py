"""Reference data, read by whoever reads the registry."""

from collections import defaultdict

from models_registry.models import AdministrativeUnit, Agency, Field, IndicatorType, UnitSuccession

from ..pagination import SmallListPagination
from ..serializers import reference as s
from .base import ReadOnlyViewSet

READ_REGISTRY = "models_registry.view_movementmodel"


class AdministrativeUnitViewSet(ReadOnlyViewSet):
    """Administrative units as they existed between valid_from and valid_to, with the units they became part
    of. `?current=true` lists only today's units."""

    required_permission = READ_REGISTRY
    serializer_class = s.AdministrativeUnitSerializer
    pagination_class = SmallListPagination

    def get_queryset(self):
        units = AdministrativeUnit.objects.order_by("pk")
        if self.request.query_params.get("current") == "true":
            units = units.current()
        return units

    def get_serializer_context(self):
        successions = defaultdict(list)
        for row in UnitSuccession.objects.order_by("effective_date", "pk"):
            successions[row.predecessor_id].append(row)
        return {**super().get_serializer_context(), "successions": successions}


class AgencyViewSet(ReadOnlyViewSet):
    """Agencies, each with its parent and the agencies directly under it: the tree."""

    required_permission = READ_REGISTRY
    serializer_class = s.AgencySerializer
    pagination_class = SmallListPagination
    queryset = Agency.objects.order_by("pk")

    def get_serializer_context(self):
        children = defaultdict(list)
        for pk, parent in Agency.objects.filter(parent__isnull=False).order_by("pk").values_list("pk", "parent_id"):
            children[parent].append(pk)
        return {**super().get_serializer_context(), "children": children}


class FieldViewSet(ReadOnlyViewSet):
    required_permission = READ_REGISTRY
    serializer_class = s.FieldSerializer
    pagination_class = SmallListPagination
    queryset = Field.objects.all()


class IndicatorTypeViewSet(ReadOnlyViewSet):
    required_permission = READ_REGISTRY
    serializer_class = s.IndicatorTypeSerializer
    pagination_class = SmallListPagination
    queryset = IndicatorType.objects.all()
