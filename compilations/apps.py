from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompilationsConfig(AppConfig):
    name = "compilations"
    verbose_name = _("Compilations of typical models")
