from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core.views import healthz
from home.views import home

admin.site.site_header = "Dân vận khéo"
admin.site.site_title = "Dân vận khéo"

urlpatterns = [
    path("", home, name="home"),
    path("", include("models_registry.urls")),
    path("", include("meetings.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("compilations/", include("compilations.urls")),
    path("notifications/", include("accounts.urls")),
    # Reports and exports built in the background: their progress and their file, for whoever started them.
    path("jobs/", include("core.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # One's own password, second factor and recovery codes.
    path("accounts/", include("accounts.security_urls")),
    # The language switcher also works on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    # The public showcase, no login: Vietnamese at /public/, English at /public/en/ (one language per address, so
    # a shared cache keeps each page once per language). Each view answers 404 when PUBLIC_SHOWCASE_ENABLED is off.
    path("public/en/", include("showcase.urls", namespace="showcase_en")),
    path("public/", include("showcase.urls", namespace="showcase")),
    # The health check of the container and the proxy: no login.
    path("healthz", healthz, name="healthz"),
]
