from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryVersion(models.Model):
    """One row: a counter bumped whenever the data behind the dashboard changes (versioning.py).

    The cached figures are keyed by it. It lives in the database, not in the cache, so that every worker
    process sees the same version: LocMem caches are per process. The model also holds the dashboard's
    permission.
    """

    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("registry version")
        verbose_name_plural = _("registry versions")
        default_permissions = ()
        permissions = [("view_province_dashboard", _("Can see the whole province's dashboard"))]

    def __str__(self):
        return str(self.version)
