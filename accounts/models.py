from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import Role


class User(AbstractUser):
    """A person who signs in. Officials act for their agency and the agencies beneath it."""

    agency = models.ForeignKey(
        "models_registry.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Officials enter and change the models of this agency and of the agencies under it."),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def has_role(self, role: Role) -> bool:
        # The groups are prefetched once per request by the navigation context processor's caller.
        return any(group.name == role.value for group in self.groups.all())
