"""The order in which the apps' navigation links and home panels appear."""

from compilations import panels as compilations_panels
from dashboard import panels as dashboard_panels
from meetings import panels as meetings_panels
from models_registry import panels as registry_panels

APPS = [dashboard_panels, registry_panels, meetings_panels, compilations_panels]


def navigation(user) -> list:
    return [link for app in APPS for link in app.navigation(user)]


def home_panels(user) -> list[dict]:
    return sorted((section for app in APPS for section in app.home_panels(user)), key=lambda section: section["order"])


def shortcuts(user) -> list:
    return [shortcut for app in APPS for shortcut in app.shortcuts(user)]
