from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.panels import Shortcut
from dashboard.access import leads_to_dashboard

from . import composition
from .access import administers


def home(request):
    """The start page: each app's panels for this user; a leader, who has no work of their own here, lands on
    the dashboard."""
    user = request.user
    if leads_to_dashboard(user):
        return redirect("dashboard:index")
    shortcuts = composition.shortcuts(user)
    if administers(user):
        shortcuts.append(
            Shortcut(reverse("admin:index"), _("Manage users, agencies, fields and administrative units"))
        )
    return render(request, "home/home.html", {"panels": composition.home_panels(user), "shortcuts": shortcuts})
