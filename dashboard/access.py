"""Who sees the dashboard, and of what: kept apart from the views so the navigation can ask cheaply."""

PROVINCE_PERMISSION = "dashboard.view_province_dashboard"


def can_view_dashboard(user) -> bool:
    """Leaders, reviewers, secretaries and administrators see the province; an official their agency."""
    if not user.is_authenticated:
        return False
    if user.has_perm(PROVINCE_PERMISSION):
        return True
    return bool(user.agency_id) and user.has_perm("models_registry.view_movementmodel")


def forced_agency(user):
    """The agency an official's dashboard is limited to (None: the whole province)."""
    return None if user.has_perm(PROVINCE_PERMISSION) else user.agency


# Who has work of their own on the home page (an agency's models, reviews, meetings, administration).
_HOME_WORK = [
    "models_registry.add_movementmodel",
    "models_registry.review_movementmodel",
    "meetings.add_meeting",
    "accounts.change_user",
]


def leads_to_dashboard(user) -> bool:
    """A leader, who reads but has no work of their own on the home page, starts on the dashboard."""
    return (
        user.is_authenticated
        and user.has_perm(PROVINCE_PERMISSION)
        and not any(user.has_perm(perm) for perm in _HOME_WORK)
    )
