from rest_framework import permissions


class HasViewPermission(permissions.BasePermission):
    """Signed in (token or session), with the view's `required_permission` (a Django permission) as the web
    page asks it: 401 without credentials, 403 without the permission."""

    def has_permission(self, request, view):
        required = getattr(view, "required_permission", "")
        return bool(request.user and request.user.is_authenticated) and (
            not required or request.user.has_perm(required)
        )
