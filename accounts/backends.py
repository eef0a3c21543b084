"""Permissions come from the roles alone: a superuser passes the same checks as anyone with the same roles.

Django's ModelBackend gives an active superuser every permission, and its User.has_perm() answers yes before
asking any backend; the administrator would then decide on models and report for any agency. Administration and
decisions are separate duties, so here a permission is had through a role group, and nothing else: not the
superuser flag, not a permission given to one person (roles are the only way a right is granted).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    def get_user(self, user_id):
        # Each request's user arrives with their roles, role permissions and unread count in the same query.
        from django.contrib.auth import get_user_model

        try:
            user = get_user_model()._default_manager.as_signed_in().get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        if user.is_active:
            user._role_names = frozenset(filter(None, (user.role_names or "").split(",")))
            user._group_perm_cache = set(filter(None, (user.role_permissions or "").split(",")))
            user._user_perm_cache = set()
        return user

    def _get_user_permissions(self, user_obj):
        return Permission.objects.none()

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache_name):
            perms = getattr(self, f"_get_{from_name}_permissions")(user_obj)
            perms = perms.values_list("content_type__app_label", "codename").order_by()
            setattr(user_obj, cache_name, {f"{app}.{codename}" for app, codename in perms})
        return getattr(user_obj, cache_name)

    async def _aget_permissions(self, user_obj, obj, from_name):
        from asgiref.sync import sync_to_async

        return await sync_to_async(self._get_permissions)(user_obj, obj, from_name)
