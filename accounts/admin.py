from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import NoDeleteAdmin

from .models import User
from .roles import Role


class UserForm(UserChangeForm):
    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups") or []
        names = {group.name for group in groups}
        if Role.OFFICIAL in names and not cleaned.get("agency"):
            self.add_error("agency", ValidationError(_("An official must belong to an agency.")))
        # Administration and decisions are separate duties: whoever manages the accounts holds no other role.
        if Role.ADMINISTRATOR in names and len(names) > 1:
            self.add_error("groups", ValidationError(_("An administrator cannot hold another role.")))
        if self.editor is not None and self.instance.pk == self.editor.pk:
            if "groups" in self.changed_data:
                self.add_error("groups", ValidationError(_("You cannot change your own roles.")))
            if "is_active" in self.changed_data:
                self.add_error("is_active", ValidationError(_("You cannot deactivate your own account.")))
        # The admin is opened by the administrator role (staff status follows it), not by a flag set by hand.
        self.instance.is_staff = Role.ADMINISTRATOR in names
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin, NoDeleteAdmin):
    form = UserForm
    list_display = ["username", "first_name", "last_name", "agency", "is_active"]
    list_filter = ["groups", "is_active"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    # Roles are the only way a right is given (accounts/backends.py): no superuser flag, staff flag or
    # individual permission here. A superuser is made, and changed, from the shell.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Roles"), {"fields": ("is_active", "groups")}),
        (_("Agency and title"), {"fields": ("agency", "job_title")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not change:
            return form

        class EditorForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, editor=request.user, **inner)

        return EditorForm

    def has_delete_permission(self, request, obj=None):
        # People leave; their records stay attributed. Deactivate the account instead.
        return False

    def has_change_permission(self, request, obj=None):
        # Superusers are for the shell; their accounts are changed there.
        if obj is not None and obj.is_superuser:
            return False
        return super().has_change_permission(request, obj)


# The five roles are defined in code (accounts/roles.py) and written by every `migrate`: readable here, never
# deleted (their members would silently lose their rights), renamed or re-permissioned by hand.
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(DjangoGroupAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _read_only_axes_admin():
    """django-axes' records of sign-in attempts are evidence: readable, never deleted from the admin (a locked-out
    person waits out the cool-off, AXES_COOLOFF_TIME)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        base = type(admin.site.get_model_admin(model)) if admin.site.is_registered(model) else admin.ModelAdmin
        admin.site.unregister(model) if admin.site.is_registered(model) else None
        admin.site.register(
            model,
            type(
                f"ReadOnly{model.__name__}Admin",
                (base,),
                {
                    "actions": [],
                    "has_add_permission": lambda self, request: False,
                    "has_change_permission": lambda self, request, obj=None: False,
                    "has_delete_permission": lambda self, request, obj=None: False,
                },
            ),
        )


_read_only_axes_admin()


def _administrators_only(request) -> bool:
    """The admin opens to the administrator role (with staff status), not to a superuser or staff flag alone."""
    user = request.user
    return user.is_active and user.is_staff and user.has_role(Role.ADMINISTRATOR)


admin.site.has_permission = _administrators_only
