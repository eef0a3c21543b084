"""/api/v1/ (the resources), /api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI, served by the app), and the web
page of a person's tokens. A breaking change would come as /api/v2/ beside v1."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .views import compilations, figures, meetings, reference, registry, tokens

app_name = "api"

router = SimpleRouter()
router.register("units", reference.AdministrativeUnitViewSet, basename="unit")
router.register("agencies", reference.AgencyViewSet, basename="agency")
router.register("fields", reference.FieldViewSet, basename="field")
router.register("indicator-types", reference.IndicatorTypeViewSet, basename="indicator-type")
router.register("models", registry.ModelViewSet, basename="model")
router.register("flags", registry.FlagViewSet, basename="flag")
router.register("rounds", registry.RoundViewSet, basename="round")
router.register("meetings", meetings.MeetingViewSet, basename="meeting")
router.register("directives", meetings.DirectiveViewSet, basename="directive")
router.register("documents", meetings.ReferenceDocumentViewSet, basename="document")
router.register("compilations", compilations.CompilationViewSet, basename="compilation")

v1 = [
    *router.urls,
    path("figures/", figures.FiguresView.as_view(), name="figures"),
    path(
        "directives/<int:pk>/parts/<int:part_pk>/report/",
        meetings.ProgressReportView.as_view(),
        name="directive-report",
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke_view, name="token_revoke"),
]
