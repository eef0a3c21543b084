"""Who sees which scope, and the figures of that scope: what the dashboard page, its exports and the API's
/api/v1/figures/ share, so a national system reading the API gets the numbers leaders see."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from meetings.models import Directive

from . import figures
from .access import can_view_dashboard, forced_agency
from .filters import DashboardFilterSet


def dashboard_filterset(user, query) -> DashboardFilterSet:
    """The dashboard's filters for this user (PermissionDenied if they may not see it)."""
    if not can_view_dashboard(user):
        raise PermissionDenied(_("You may not see the dashboard."))
    return DashboardFilterSet(query or None, limit_to_agency=forced_agency(user))


def scoped_figures(user, filterset: DashboardFilterSet):
    """The scope the filters choose (an official's own agency when they chose none) and its figures."""
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    scope = figures.Scope(
        agency=data.get("agency") or forced_agency(user),
        unit=data.get("unit"),
        year=int(data["year"]) if data.get("year") else None,
        sees_draft_meetings=user.has_perm("meetings.view_draft_meeting"),
        today=figures.today(),
    )
    return scope, figures.figures_for(scope, Directive.objects.visible_to(user))
