"""What the home page shows about directives: an official's agency's open ones, a secretary's to-dos."""

from django.db.models import F, Prefetch

from models_registry.models import Agency

from .choices import AssignmentState
from .models import Directive, DirectiveAssignment

HOME_LIMIT = 20


def home_context(user, today=None) -> dict:
    context = {}
    if user.agency_id and user.has_perm("meetings.report_directive"):
        parts = DirectiveAssignment.objects.filter(agency__in=Agency.objects.subtree_of(user.agency_id))
        open_parts = parts.exclude(state=AssignmentState.CONFIRMED)
        context["agency_directives"] = (
            Directive.objects.visible_to(user)
            .with_status(today)
            .filter(pk__in=open_parts.values("directive_id"))
            .select_related("meeting")
            .prefetch_related(Prefetch("assignments", parts.select_related("agency"), to_attr="agency_parts"))
            .order_by(F("deadline").asc(nulls_last=True), "pk")[:HOME_LIMIT]
        )
    if user.has_perm("meetings.change_directive"):
        context["directive_counts"] = {
            "awaiting_confirmation": Directive.objects.filter(
                pk__in=DirectiveAssignment.objects.filter(state=AssignmentState.DONE).values("directive_id")
            ).count(),
            "overdue": Directive.objects.overdue(today).count(),
        }
    return context
