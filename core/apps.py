from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app builds on and that knows no app: search folding, trees, files, Word documents,
    shared widgets and list views, the workflow's transition helper. It imports no project app."""

    name = "core"
    verbose_name = _("Shared foundations")
