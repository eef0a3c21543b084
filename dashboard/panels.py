"""What the dashboard offers the navigation and the home page (home/ composes them)."""

from django.utils.translation import gettext_lazy as _

from core.panels import NavLink, panel

from .access import can_view_dashboard


def navigation(user) -> list[NavLink]:
    return [NavLink("dashboard:index", _("Dashboard"))] if can_view_dashboard(user) else []


def home_panels(user) -> list[dict]:
    return [panel("dashboard/panels/link.html", order=0)] if can_view_dashboard(user) else []


def shortcuts(user) -> list:
    return []
