"""What the accounts write to the audit log (core.audit): sign-ins and their failures, sign-outs, and every change of
a person's roles, of a role's permissions and of an account's active, staff or superuser status.

The role and permission changes are caught where they happen (the many-to-many tables), so the admin, the shell and
a data migration are all recorded; who made them is the signed-in person of the request, when there is one."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, pre_save
from simple_history.models import HistoricalRecords

from core import audit

_M2M_ACTIONS = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}
_ACCOUNT_FLAGS = ("is_active", "is_staff", "is_superuser")


def current_user():
    """The person of the request being served (simple-history's middleware keeps it), if any."""
    request = getattr(HistoricalRecords.context, "request", None)
    return getattr(request, "user", None)


def _current_request():
    return getattr(HistoricalRecords.context, "request", None)


def logged_in(sender, request, user, **kwargs):
    audit.record(user, audit.LOGIN, request=request)


def logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(user, audit.LOGOUT, request=request)


def login_failed(sender, credentials, request=None, **kwargs):
    # Django hides the password from `credentials`; the name tried is kept, an account or not.
    username = str(credentials.get("username", ""))[:150]
    audit.record(None, audit.LOGIN_FAILED, request=request, username=username or "?")


def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in _M2M_ACTIONS:
        return
    User = get_user_model()
    if reverse:  # group.user_set.add(...): the people are in pk_set
        people = User.objects.filter(pk__in=pk_set or ()) if action != "post_clear" else []
        for person in people:
            _record_role_change(person, _M2M_ACTIONS[action], [instance.name])
    else:
        names = sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
        _record_role_change(instance, _M2M_ACTIONS[action], names)


def _record_role_change(person, change, roles):
    audit.record(
        current_user(),
        audit.ROLE_CHANGED,
        target=person,
        request=_current_request(),
        change=change,
        roles=roles,
        now=sorted(person.groups.values_list("name", flat=True)),
    )


def permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in _M2M_ACTIONS:
        return
    from django.contrib.auth.models import Permission

    perms = Permission.objects.filter(pk__in=pk_set or ()).select_related("content_type")
    audit.record(
        current_user(),
        audit.PERMISSION_CHANGED,
        target=instance,
        request=_current_request(),
        change=_M2M_ACTIONS[action],
        permissions=sorted(f"{p.content_type.app_label}.{p.codename}" for p in perms),
    )


def account_flags_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values(*_ACCOUNT_FLAGS).first()
    if before is None:
        return
    changed = {flag: getattr(instance, flag) for flag in _ACCOUNT_FLAGS if before[flag] != getattr(instance, flag)}
    if changed:
        audit.record(current_user(), audit.ACCOUNT_CHANGED, target=instance, request=_current_request(), **changed)


def connect():
    User = get_user_model()
    user_logged_in.connect(logged_in, dispatch_uid="audit.login")
    user_logged_out.connect(logged_out, dispatch_uid="audit.logout")
    user_login_failed.connect(login_failed, dispatch_uid="audit.login_failed")
    m2m_changed.connect(groups_changed, sender=User.groups.through, dispatch_uid="audit.groups")
    m2m_changed.connect(permissions_changed, sender=Group.permissions.through, dispatch_uid="audit.group_perms")
    m2m_changed.connect(permissions_changed, sender=User.user_permissions.through, dispatch_uid="audit.user_perms")
    pre_save.connect(account_flags_changed, sender=User, dispatch_uid="audit.account_flags")
