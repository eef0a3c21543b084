from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import NoDeleteAdmin

from .models import User
from .roles import Role


class UserForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups") or []
        if any(group.name == Role.OFFICIAL for group in groups) and not cleaned.get("agency"):
            self.add_error("agency", ValidationError(_("An official must belong to an agency.")))
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin, NoDeleteAdmin):
    form = UserForm
    list_display = ["username", "first_name", "last_name", "agency", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Agency and title"), {"fields": ("agency", "job_title")}),
    )

    def has_delete_permission(self, request, obj=None):
        # People leave; their records stay attributed. Deactivate the account instead.
        return False

    def has_change_permission(self, request, obj=None):
        # An administrator who is not a superuser manages people, not the superusers above them.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Roles are given through the groups; only a superuser can grant superuser status or
        # individual permissions, so an administrator cannot raise their own privileges.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly
