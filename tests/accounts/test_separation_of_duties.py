"""Administration and decisions are separate duties (ASVS 5.0 V8): a superuser has the rights of their roles and
no more, the administrator role is held alone and cannot change its own roles, and nothing in the admin deletes a
role, a person, a sign-in record or the audit trail. The page-by-page proof is the permission matrix's superuser
columns (tests/permissions.py: every row, answered for a superuser as for `nobody` and for a superuser
administrator as for the administrator)."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS, Role
from core import audit
from core.audit import AuditEntry
from meetings.models import DirectiveAssignment
from models_registry.choices import ModelStatus
from models_registry.models import MovementModel
from models_registry.services import workflow
from tests.accounts.test_roles import user_form
from tests.factories import MovementModelFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", agency=None, is_staff=True, is_superuser=True)


def test_a_superuser_has_no_permission_of_its_own(root):
    assert root.get_all_permissions() == set()
    assert not root.has_perm("models_registry.review_movementmodel")
    assert not root.has_perm("models_registry.delete_movementmodel")
    assert not root.has_module_perms("models_registry")


def test_a_superuser_administrator_has_exactly_the_administrators_rights(root):
    root.groups.add(Group.objects.get(name=Role.ADMINISTRATOR))
    root = User.objects.get(pk=root.pk)
    assert root.get_all_permissions() == set(ROLE_PERMISSIONS[Role.ADMINISTRATOR])


def test_a_permission_given_to_one_person_gives_nothing(alice):
    # Rights come through roles; a stray individual permission (an old database, the shell) is ignored.
    from django.contrib.auth.models import Permission

    alice.user_permissions.add(Permission.objects.get(codename="review_movementmodel"))
    alice = User.objects.get(pk=alice.pk)
    assert not alice.has_perm("models_registry.review_movementmodel")


def test_the_domain_words_give_a_superuser_nothing(root, agency):
    draft = MovementModelFactory(owner_agency=agency, status=ModelStatus.DRAFT)
    submitted = MovementModelFactory(owner_agency=agency, status=ModelStatus.SUBMITTED)
    for word in ("visible_to", "owned_by", "editable_by", "decidable_by"):
        assert not getattr(MovementModel.objects, word)(root).exists(), word
    assert not DirectiveAssignment.objects.reportable_by(root).exists()
    assert draft.pk and submitted.pk


def test_a_superuser_cannot_decide_through_the_services(root, agency):
    model = MovementModelFactory(owner_agency=agency, status=ModelStatus.SUBMITTED)
    with pytest.raises(Exception) as refused:
        workflow.model_recognise(
            model=model, user=root, decision_number="1/QĐ", decision_date=model.created_at.date(), recognising_body="X"
        )
    assert type(refused.value).__name__ in {"PermissionDenied", "ValidationError"}
    model.refresh_from_db()
    assert model.status == ModelStatus.SUBMITTED


def test_the_administrator_role_is_held_alone(client, administrator):
    newcomer = UserFactory(username="newcomer", agency=None)
    client.force_login(administrator)
    groups = [Group.objects.get(name=Role.ADMINISTRATOR).pk, Group.objects.get(name=Role.REVIEWER).pk]
    response = client.post(f"/admin/accounts/user/{newcomer.pk}/change/", user_form(newcomer, groups=groups))
    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert not newcomer.groups.exists()


def test_an_administrator_cannot_give_themselves_a_role(client, administrator):
    client.force_login(administrator)
    reviewer = Group.objects.get(name=Role.REVIEWER)
    response = client.post(
        f"/admin/accounts/user/{administrator.pk}/change/", user_form(administrator, groups=[reviewer.pk])
    )
    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert list(administrator.groups.values_list("name", flat=True)) == [Role.ADMINISTRATOR]


def test_staff_status_follows_the_administrator_role(client, administrator):
    newcomer = UserFactory(username="newcomer", agency=None)
    client.force_login(administrator)
    group = Group.objects.get(name=Role.ADMINISTRATOR)
    response = client.post(f"/admin/accounts/user/{newcomer.pk}/change/", user_form(newcomer, groups=[group.pk]))
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    response = client.post(f"/admin/accounts/user/{newcomer.pk}/change/", user_form(newcomer, groups=[]))
    newcomer.refresh_from_db()
    assert not newcomer.is_staff


def test_a_staff_flag_alone_does_not_open_the_admin(client):
    staff = UserFactory(username="staffer", is_staff=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")
    home = client.get("/")
    assert "/admin/" not in home.content.decode()


@pytest.mark.parametrize("who", ["administrator", "superuser_administrator"])
def test_nothing_in_the_admin_deletes_roles_people_sign_in_records_or_the_audit_trail(client, request, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    victim = UserFactory(username="leaving")
    attempt = AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1)
    entry = audit.record(victim, audit.LOGIN)
    group = Group.objects.get(name=Role.OFFICIAL)
    targets = [
        ("auth", "group", group),
        ("accounts", "user", victim),
        ("axes", "accessattempt", attempt),
        ("core", "auditentry", entry),
    ]
    for app_label, model_name, obj in targets:
        url = f"/admin/{app_label}/{model_name}/{obj.pk}/delete/"
        assert client.post(url, {"post": "yes"}).status_code in (403, 302), url
        assert type(obj).objects.filter(pk=obj.pk).exists(), url
        changelist = client.get(f"/admin/{app_label}/{model_name}/")
        assert changelist.status_code == 200, model_name
        assert "delete_selected" not in changelist.content.decode(), model_name
        bulk = client.post(
            f"/admin/{app_label}/{model_name}/",
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert bulk.status_code in (200, 302, 403)
        assert type(obj).objects.filter(pk=obj.pk).exists(), model_name


def test_no_admin_page_deletes_a_role_person_sign_in_record_or_audit_entry(rf, superuser_administrator):
    from axes.models import AccessFailureLog, AccessLog

    request = rf.get("/admin/")
    request.user = superuser_administrator
    for model in (Group, User, AccessAttempt, AccessLog, AccessFailureLog, AuditEntry):
        model_admin = admin.site.get_model_admin(model)
        assert not model_admin.has_delete_permission(request), model
        assert not model_admin.has_delete_permission(request, model()), model
