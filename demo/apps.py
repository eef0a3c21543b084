from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (`manage.py load_demo`): created through the same services people use, so a rule added to
    a service applies to the demo too. No product app imports it."""

    name = "demo"
    verbose_name = _("Demo data")
