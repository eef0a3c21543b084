from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app builds on and that knows no app: search folding, trees, files, Word documents,
    shared widgets and list views, the workflow's transition helper, background jobs. It imports no project app."""

    name = "core"
    verbose_name = _("Shared foundations")

    def ready(self):
        # Each app's `jobs.py` declares its kinds of job (core.jobs.job_kind): found here, never imported by core.
        autodiscover_modules("jobs")

        from . import exports  # noqa: F401 - core's own kind of job (a long list's export), in the worker too
        from .workflow import _lighter_migration_states

        _lighter_migration_states()

        from .signals import clean_text_fields

        # Every model of every app: the safety net behind the forms' cleaning (admin, shell, services).
        pre_save.connect(clean_text_fields, dispatch_uid="core.clean_text_fields")
