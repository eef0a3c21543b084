from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsRegistryConfig(AppConfig):
    name = "models_registry"
    verbose_name = _("Registry of models")

    def ready(self):
        from core import choices

        from .models import AdministrativeUnit, Agency, Field

        # The list filters' drop-downs are cached until one of these changes (core/choices.py).
        choices.watch(Agency, Field, AdministrativeUnit)
