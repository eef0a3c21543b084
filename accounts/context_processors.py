from dashboard.access import can_view_dashboard


def navigation(request):
    """What the navigation bar needs to know about the signed-in user, computed once per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "can_add_model": user.has_perm("models_registry.add_movementmodel"),
            "can_view_dashboard": can_view_dashboard(user),
            "can_view_models": user.has_perm("models_registry.view_movementmodel"),
            "can_admin": user.is_staff,
            "can_review": user.has_perm("models_registry.review_movementmodel"),
            "can_view_meetings": user.has_perm("meetings.view_meeting"),
            "can_view_directives": user.has_perm("meetings.view_directive"),
            "can_view_documents": user.has_perm("meetings.view_referencedocument"),
            "can_view_compilations": user.has_perm("compilations.view_compilation"),
            "unread_notifications": user.notifications.unread().count(),
        }
    }
