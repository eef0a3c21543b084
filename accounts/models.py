from django.contrib.auth.models import AbstractUser, _user_has_module_perms, _user_has_perm
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import CharField, Count, OuterRef, StringAgg, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords

from .roles import Role


class UserManager(DjangoUserManager):
    def with_role(self, role: Role):
        return self.filter(groups__name=role, is_active=True).distinct()

    def officials_of(self, agencies):
        """The active officials of these agencies (ids or agencies): who acts for them and is told of their news."""
        return self.with_role(Role.OFFICIAL).filter(agency__in=agencies)

    def reviewers(self):
        return self.with_role(Role.REVIEWER)

    def as_signed_in(self):
        """Users as each request loads the one signed in: with their roles (`role_names`, joined by commas), the
        permissions their roles give (`role_permissions`, "app.codename" joined by commas) and their unread
        notifications (`unread_count`) read in the same query, rather than in three more on every page
        (accounts.backends.RoleBackend)."""
        from django.contrib.auth.models import Group, Permission

        roles = (
            Group.objects.filter(user=OuterRef("pk"))
            .order_by()
            .annotate(whole=Value(1))
            .values("whole")
            .annotate(names=StringAgg("name", delimiter=Value(",")))
            .values("names")
        )

        # Grouped by a constant, which Django leaves out of GROUP BY: one aggregate over the user's rows.
        permissions = (
            Permission.objects.filter(group__user=OuterRef("pk"))
            .order_by()  # the permissions' own ordering would have to be grouped by on PostgreSQL
            .annotate(whole=Value(1))
            .values("whole")
            .annotate(
                names=StringAgg(
                    Concat("content_type__app_label", Value("."), "codename", output_field=CharField()),
                    delimiter=Value(","),
                )
            )
            .values("names")
        )
        unread = (
            Notification.objects.unread()
            .filter(recipient=OuterRef("pk"))
            .order_by()
            .annotate(whole=Value(1))
            .values("whole")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            role_names=Subquery(roles),
            role_permissions=Subquery(permissions),
            unread_count=Coalesce(Subquery(unread), 0),
        )


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

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    # No superuser shortcut (accounts/backends.py): a superuser has the rights of their roles, no more.
    def has_perm(self, perm, obj=None):
        return self.is_active and _user_has_perm(self, perm, obj)

    async def ahas_perm(self, perm, obj=None):
        from asgiref.sync import sync_to_async

        return await sync_to_async(self.has_perm)(perm, obj)

    def has_module_perms(self, app_label):
        return self.is_active and _user_has_module_perms(self, app_label)

    async def ahas_module_perms(self, app_label):
        from asgiref.sync import sync_to_async

        return await sync_to_async(self.has_module_perms)(app_label)

    def has_role(self, role: Role) -> bool:
        # The signed-in user's roles came with them (as_signed_in): kept for the request, as Django keeps their
        # permissions. Any other user's groups are read once per object (every request asks about two roles
        # before the page asks about more), through Django's prefetch cache, which a change of their groups clears.
        if (roles := self.__dict__.get("_role_names")) is not None:
            return role.value in roles
        if "groups" not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects([self], "groups")
        return any(group.name == role.value for group in self.groups.all())


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that happened to a person's records, shown in the app until read.

    The message is stored untranslated with its parameters and translated when shown, so each reader
    sees it in their own language.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=255)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return gettext(self.message) % self.params
