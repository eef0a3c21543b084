"""What the registry offers the navigation and the home page (home/ composes them)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.panels import NavLink, Shortcut, panel

from .choices import ModelStatus
from .models import MovementModel, ReviewFlag
from .queues import queue_counts

VIEW, ADD, REVIEW = (
    "models_registry.view_movementmodel",
    "models_registry.add_movementmodel",
    "models_registry.review_movementmodel",
)


def navigation(user) -> list[NavLink]:
    links = []
    if user.has_perm(VIEW):
        links.append(NavLink("models_registry:list", _("Models")))
    if user.has_perm(ADD):
        links.append(NavLink("models_registry:create", _("New model")))
    if user.has_perm(REVIEW):
        links.append(NavLink("models_registry:review_queue", _("Reviews")))
    return links


def home_panels(user) -> list[dict]:
    panels = []
    if user.agency_id and user.has_perm(VIEW):
        own = MovementModel.objects.visible_to(user).of_agency(user.agency_id)
        open_flags = ReviewFlag.objects.open().with_overdue().filter(model__in=own).select_related("model")
        panels.append(panel("models_registry/panels/flags.html", order=10, flags=open_flags.order_by("deadline", "pk")))
        panels.append(
            panel(
                "models_registry/panels/agency_models.html",
                order=50,
                counts=own.aggregate(
                    **{status.value: Count("pk", filter=Q(status=status)) for status in ModelStatus},
                    in_list=Count("pk", filter=Q(pk__in=MovementModel.objects.in_list().values("pk"))),
                ),
                recent=own.select_related("field", "owner_agency").order_by("-updated_at", "-pk")[:10],
                can_add=user.has_perm(ADD),
            )
        )
    if user.has_perm(REVIEW):
        visible = MovementModel.objects.visible_to(user)
        panels.append(
            panel(
                "models_registry/panels/reviews.html",
                order=40,
                counts=queue_counts(visible),
            )
        )
    return panels


def shortcuts(user) -> list[Shortcut]:
    links = []
    if user.has_perm(VIEW):
        links.append(Shortcut(reverse("models_registry:list"), _("Browse and search the province's list of models")))
    if user.has_perm(ADD):
        links.append(Shortcut(reverse("models_registry:create"), _("Register a model of your agency")))
    return links
