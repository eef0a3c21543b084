"""/api/v1/figures/: the dashboard's figures, computed by the dashboard's own code for the same scope."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from dashboard.scoping import dashboard_filterset, scoped_figures

from .base import ApiView


class FiguresView(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="The figures at the end of this year (empty: today)."),
            OpenApiParameter("agency", int, description="An agency, with the agencies under it."),
            OpenApiParameter("unit", int, description="An administrative unit, with those beneath or merged into it."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        """The roll-up contract: the figures leaders see on /dashboard/ for the same year, agency and unit (an
        official's are limited to their agency). See the README's API section for the keys."""
        filterset = dashboard_filterset(request.user, request.query_params)
        if request.query_params and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        scope, data = scoped_figures(request.user, filterset)
        return Response(data)
