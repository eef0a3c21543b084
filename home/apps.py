from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The pages that compose every app: the home page and the navigation. The top layer: it imports the
    apps, none imports it."""

    name = "home"
    verbose_name = _("Home page")
