"""What the compilations offer the navigation (home/ composes it)."""

from django.utils.translation import gettext_lazy as _

from core.panels import NavLink


def navigation(user) -> list[NavLink]:
    if not user.has_perm("compilations.view_compilation"):
        return []
    return [NavLink("compilations:list", _("Compilations"), section="compilations")]


def home_panels(user) -> list[dict]:
    return []


def shortcuts(user) -> list:
    return []
