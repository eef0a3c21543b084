"""What meetings and directives offer the navigation and the home page (home/ composes them)."""

from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.panels import NavLink, Shortcut, panel

from .models import Directive, DirectiveAssignment

HOME_LIMIT = 20


def navigation(user) -> list[NavLink]:
    links = []
    if user.has_perm("meetings.view_meeting"):
        links.append(NavLink("meetings:list", _("Meetings")))
    if user.has_perm("meetings.view_directive"):
        links.append(NavLink("meetings:directive_list", _("Directives")))
    if user.has_perm("meetings.view_referencedocument"):
        links.append(NavLink("meetings:document_list", _("Documents")))
    return links


def home_panels(user, today=None) -> list[dict]:
    panels = []
    if user.agency_id and user.has_perm("meetings.report_directive"):
        parts = DirectiveAssignment.objects.of_agency(user.agency_id)
        directives = (
            Directive.objects.visible_to(user)
            .with_status(today)
            .filter(pk__in=parts.unconfirmed().values("directive_id"))
            .select_related("meeting")
            .prefetch_related(Prefetch("assignments", parts.select_related("agency"), to_attr="agency_parts"))
            .order_by(F("deadline").asc(nulls_last=True), "pk")[:HOME_LIMIT]
        )
        panels.append(panel("meetings/panels/agency_directives.html", order=20, directives=directives))
    if user.has_perm("meetings.change_directive"):
        panels.append(
            panel(
                "meetings/panels/follow_up.html",
                order=30,
                counts={
                    "awaiting_confirmation": Directive.objects.awaiting_confirmation().count(),
                    "overdue": Directive.objects.overdue(today).count(),
                },
            )
        )
    return panels


def shortcuts(user) -> list[Shortcut]:
    links = []
    if user.has_perm("meetings.view_directive"):
        links.append(
            Shortcut(
                reverse("meetings:directive_list"), _("Follow the directives of the steering committees' meetings")
            )
        )
    if user.has_perm("meetings.add_meeting"):
        links.append(Shortcut(reverse("meetings:create"), _("Record a meeting, its minutes and directives")))
    return links
