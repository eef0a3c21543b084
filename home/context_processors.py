from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import composition
from .access import administers


def navigation(request):
    """The navigation bar of the signed-in user, composed from what each app offers, computed once per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    links = [
        {"url": reverse("home"), "label": _("Home"), "current": bool(match) and match.view_name == "home"},
        *(
            {"url": link.url, "label": link.label, "current": link.is_current(match)}
            for link in composition.navigation(user)
        ),
    ]
    if administers(user):
        links.append({"url": reverse("admin:index"), "label": _("Administration"), "current": False})
    # Read with the user when the session loaded them (accounts.backends.RoleBackend.get_user).
    unread = getattr(user, "unread_count", None)
    if unread is None:
        unread = user.notifications.unread().count()
    return {"nav_links": links, "unread_notifications": unread}
