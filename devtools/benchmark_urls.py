"""The project's URLs plus an empty page, for the benchmark's floor: the same middleware (session, login, CSRF,
locale, security headers), no work. Used only by `manage.py benchmark` through ROOT_URLCONF; never deployed."""

from django.http import HttpResponse
from django.urls import include, path


def empty(request):
    return HttpResponse("")


urlpatterns = [
    path("__benchmark_empty__/", empty),
    path("", include("config.urls")),
]
