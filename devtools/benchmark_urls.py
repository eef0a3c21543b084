"""The project's URLs plus an empty page, for the benchmark's floor: the same middleware (session, login, CSRF,
locale, security headers), no work. Used only by `manage.py benchmark` through ROOT_URLCONF; never deployed."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path


@login_not_required  # the public pages' floor is an empty page for a visitor too, not the login redirect
def empty(request):
    return HttpResponse("")


urlpatterns = [
    path("__benchmark_empty__/", empty),
    path("", include("config.urls")),
]
