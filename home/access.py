from accounts.roles import Role


def administers(user) -> bool:
    """The administrator role opens the admin (which also asks for staff status); a superuser flag alone does not."""
    return user.is_staff and user.has_role(Role.ADMINISTRATOR)
