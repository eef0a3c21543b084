"""The five roles of the product brief, as Django groups with their model permissions.

The groups are the source of truth at run time; this table is what `migrate` writes into them, so a
fresh install and every test database have the same roles. Object-level rules ("own agency and
below") live on the querysets, e.g. MovementModel.objects.editable_by(user).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICIAL = "official", _("Official")
    REVIEWER = "reviewer", _("Reviewer")
    SECRETARY = "secretary", _("Secretary")
    LEADER = "leader", _("Leader")
    ADMINISTRATOR = "administrator", _("Administrator")


_READ_REGISTRY = [
    "models_registry.view_movementmodel",
    "models_registry.view_agency",
    "models_registry.view_field",
    "models_registry.view_administrativeunit",
]

_REFERENCE_DATA = [
    f"models_registry.{action}_{model}"
    for model in ("agency", "field", "administrativeunit", "unitsuccession", "indicatortype")
    for action in ("add", "change", "view")
]

# Everyone with a role reads the meetings, directives and reference documents; the secretariat writes them.
_READ_MEETINGS = ["meetings.view_meeting", "meetings.view_directive", "meetings.view_referencedocument"]
_WRITE_MEETINGS = [
    f"meetings.{action}_{model}"
    for model in ("meeting", "directive", "referencedocument")
    for action in ("add", "change")
]

# The dashboard of the whole province; officials see their own agency's without it (dashboard/views.py).
_PROVINCE_DASHBOARD = ["dashboard.view_province_dashboard"]

# Everyone with a role reads the published compilations of typical models; reviewers make them (nominate,
# score, select, write up, publish) and, with the leaders, read them before they are published.
_READ_COMPILATIONS = ["compilations.view_compilation"]
_MAKE_COMPILATIONS = [
    "compilations.add_compilation",
    "compilations.manage_compilation",
    "compilations.view_draft_compilation",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.OFFICIAL: _READ_REGISTRY
    + _READ_MEETINGS
    + _READ_COMPILATIONS
    + ["models_registry.add_movementmodel", "models_registry.change_movementmodel", "meetings.report_directive"],
    Role.REVIEWER: _READ_REGISTRY
    + _READ_MEETINGS
    + _READ_COMPILATIONS
    + _MAKE_COMPILATIONS
    + _PROVINCE_DASHBOARD
    + ["models_registry.review_movementmodel"],
    Role.SECRETARY: _READ_REGISTRY
    + _READ_MEETINGS
    + _WRITE_MEETINGS
    + _READ_COMPILATIONS
    + _PROVINCE_DASHBOARD
    + ["meetings.view_draft_meeting"],
    # Leaders read everything, the secretariat's drafts and the compilations in progress included.
    Role.LEADER: _READ_REGISTRY
    + _READ_MEETINGS
    + _READ_COMPILATIONS
    + _PROVINCE_DASHBOARD
    + ["meetings.view_draft_meeting", "compilations.view_draft_compilation"],
    Role.ADMINISTRATOR: _READ_REGISTRY
    + _PROVINCE_DASHBOARD
    + _REFERENCE_DATA
    + _READ_MEETINGS
    + _READ_COMPILATIONS
    + _WRITE_MEETINGS
    + ["meetings.view_draft_meeting"]
    + ["accounts.add_user", "accounts.change_user", "accounts.view_user", "auth.view_group"]
    # In the admin, read-only: the compilations' nominations and scores.
    + ["compilations.view_nomination", "compilations.view_score"]
    # The audit log and django-axes' sign-in records: read, never changed.
    + ["core.view_auditentry", "axes.view_accessattempt", "axes.view_accesslog", "axes.view_accessfailurelog"],
}


def sync_role_groups(sender=None, **kwargs):
    """Create the role groups and give each exactly the permissions of ROLE_PERMISSIONS."""
    from django.contrib.auth.models import Group, Permission

    using = kwargs.get("using", "default")
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" in wanted
    }
    if len(found) < len(wanted):
        return  # an app's permissions are not created yet; the next post_migrate call finishes the job
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        group.permissions.set([found[perm] for perm in perms])
