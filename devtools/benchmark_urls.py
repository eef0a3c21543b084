"""The project's URLs plus the benchmark's floors: an empty page (the same middleware: session, login, CSRF,
locale, security headers; no work) and the bare layout (base.html with nothing in it). Used only by
`manage.py benchmark` through ROOT_URLCONF; never deployed."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

SHELL = engines["django"].from_string('{% extends "base.html" %}')


@login_not_required  # the public pages' floor is an empty page for a visitor too, not the login redirect
def empty(request):
    return HttpResponse("")


@login_not_required
def shell(request):
    """Nothing but the site's layout (base.html), as every page of the site has it: the least a page can cost."""
    return HttpResponse(SHELL.render(request=request))


urlpatterns = [
    path("__benchmark_empty__/", empty),
    path("__benchmark_shell__/", shell),
    path("", include("config.urls")),
]
