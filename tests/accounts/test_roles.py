"""The five roles as groups, and the administrator's pages for users and reference data."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS, Role, sync_role_groups
from tests.factories import (
    AdministrativeUnitFactory,
    AgencyFactory,
    FieldFactory,
    IndicatorTypeFactory,
    MovementModelFactory,
    UserFactory,
)


def permissions_of(group: Group) -> set[str]:
    perms = group.permissions.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in perms}


def test_migrate_creates_the_five_role_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) == {role.value for role in Role}


@pytest.mark.parametrize("role", list(Role))
def test_role_group_has_exactly_its_permissions(db, role):
    assert permissions_of(Group.objects.get(name=role.value)) == set(ROLE_PERMISSIONS[role])


def test_sync_takes_away_a_permission_added_by_hand(db):
    reviewer = Group.objects.get(name=Role.REVIEWER)
    reviewer.permissions.add(Permission.objects.get(codename="change_movementmodel"))
    sync_role_groups()
    assert permissions_of(reviewer) == set(ROLE_PERMISSIONS[Role.REVIEWER])


def test_only_officials_may_add_and_change_models(db):
    for role in Role:
        user = UserFactory(roles=[role])
        may_write = user.has_perm("models_registry.add_movementmodel") and user.has_perm(
            "models_registry.change_movementmodel"
        )
        assert may_write == (role == Role.OFFICIAL), role


def test_no_role_may_delete_anything(db):
    for role in Role:
        assert not any(".delete_" in perm for perm in ROLE_PERMISSIONS[role]), role


def test_every_role_may_read_the_registry(db):
    for role in Role:
        assert UserFactory(roles=[role]).has_perm("models_registry.view_movementmodel"), role


def test_has_role(alice):
    assert alice.has_role(Role.OFFICIAL)
    assert not alice.has_role(Role.REVIEWER)


def test_user_is_shown_by_full_name_or_username(db):
    assert str(UserFactory(first_name="Trần", last_name="Song Tùng")) == "Trần Song Tùng"
    assert str(UserFactory(username="tung", first_name="", last_name="")) == "tung"


# The administrator's user form -------------------------------------------------------------------


def user_form(user: User, **changes) -> dict:
    """The admin's change form for `user` as the browser posts it, with `changes`."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "agency": user.agency_id or "",
        "job_title": user.job_title,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


def official_group():
    return Group.objects.get(name=Role.OFFICIAL)


def test_admin_refuses_an_official_without_agency(client, administrator):
    newcomer = UserFactory(username="newcomer", agency=None)
    client.force_login(administrator)
    response = client.post(
        f"/admin/accounts/user/{newcomer.pk}/change/", user_form(newcomer, groups=[official_group().pk])
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["agency"]
    assert not newcomer.groups.exists()


def test_admin_makes_an_official_with_an_agency(client, administrator, agency):
    newcomer = UserFactory(username="newcomer", agency=None)
    client.force_login(administrator)
    response = client.post(
        f"/admin/accounts/user/{newcomer.pk}/change/",
        user_form(newcomer, groups=[official_group().pk], agency=agency.pk),
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.agency, list(newcomer.groups.all())) == (agency, [official_group()])


def test_admin_lets_a_reviewer_have_no_agency(client, administrator):
    newcomer = UserFactory(username="newcomer", agency=None)
    client.force_login(administrator)
    reviewer_group = Group.objects.get(name=Role.REVIEWER)
    response = client.post(
        f"/admin/accounts/user/{newcomer.pk}/change/", user_form(newcomer, groups=[reviewer_group.pk])
    )
    assert response.status_code == 302
    assert list(newcomer.groups.all()) == [reviewer_group]


# Nothing is deleted through the admin ------------------------------------------------------------


DELETABLE_LOOKING = {
    "agency": ("models_registry", AgencyFactory),
    "field": ("models_registry", FieldFactory),
    "indicatortype": ("models_registry", IndicatorTypeFactory),
    "administrativeunit": ("models_registry", AdministrativeUnitFactory),
    "movementmodel": ("models_registry", MovementModelFactory),
    "user": ("accounts", UserFactory),
}


@pytest.mark.parametrize("model_name", DELETABLE_LOOKING)
def test_administrator_cannot_delete_through_the_admin(client, administrator, model_name):
    app_label, factory = DELETABLE_LOOKING[model_name]
    obj = factory()
    client.force_login(administrator)
    url = f"/admin/{app_label}/{model_name}/{obj.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("roles", [[], [Role.ADMINISTRATOR]], ids=["no role", "administrator"])
def test_superuser_cannot_delete_an_agency_either(client, agency, roles):
    # Without a role a superuser does not get into the admin at all; with the administrator's, no further.
    root = UserFactory(username="root", is_staff=True, is_superuser=True, agency=None, roles=roles)
    client.force_login(root)
    response = client.post(f"/admin/models_registry/agency/{agency.pk}/delete/", {"post": "yes"})
    assert response.status_code == (403 if roles else 302)
    assert type(agency).objects.filter(pk=agency.pk).exists()


@pytest.mark.parametrize("model_name", ["agency", "movementmodel", "administrativeunit"])
def test_admin_list_offers_no_bulk_delete(client, administrator, model_name):
    client.force_login(administrator)
    response = client.get(f"/admin/models_registry/{model_name}/")
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()


def test_administrator_cannot_change_a_model_through_the_admin(client, administrator, agency):
    model = MovementModelFactory(owner_agency=agency, recognised=True, name="Tên gốc")
    client.force_login(administrator)
    response = client.post(f"/admin/models_registry/movementmodel/{model.pk}/change/", {"name": "Đổi tên"})
    assert response.status_code == 403
    model.refresh_from_db()
    assert model.name == "Tên gốc"


def test_administrator_can_add_an_agency(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/models_registry/agency/add/",
        {"name": "Ban Dân vận Đảng ủy xã Gia Viễn", "short_name": "", "kind": "party", "is_active": "on"},
    )
    assert response.status_code == 302
    assert AgencyFactory._meta.model.objects.filter(name="Ban Dân vận Đảng ủy xã Gia Viễn").exists()


def test_official_cannot_open_the_admin(client, alice):
    client.force_login(alice)
    response = client.get("/admin/models_registry/agency/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_administrator_cannot_grant_superuser_status(client, administrator, alice):
    client.force_login(administrator)
    page = client.get(f"/admin/accounts/user/{alice.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields


def test_administrator_cannot_change_a_superuser(client, administrator):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(administrator)
    response = client.post(f"/admin/accounts/user/{root.pk}/change/", {"username": "root2"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.username == "root"


def test_a_page_reads_the_users_roles_with_the_user(client, leader):
    """Every request asks whether the user needs a second factor (two roles), and pages ask about more: the
    roles come in the one query that loads the signed-in user, with their permissions."""
    client.force_login(leader)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/models/").status_code == 200
    group_reads = [query["sql"] for query in captured if '"auth_group"' in query["sql"]]
    assert len(group_reads) == 1 and '"role_permissions"' in group_reads[0]


def test_a_role_taken_away_counts_from_the_next_request(client, leader):
    client.force_login(leader)
    assert client.get("/models/").status_code == 200
    leader.groups.clear()
    assert client.get("/models/").status_code == 403


def test_a_role_given_counts_from_the_next_request(client, alice):
    """A new reviewer is asked for a second factor on their next page (the roles come with each request's user)."""
    client.force_login(alice)
    assert client.get("/models/").status_code == 200
    alice.groups.add(Group.objects.get(name=Role.REVIEWER.value))
    response = client.get("/models/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_a_role_given_or_taken_is_seen_at_once(db):
    user = UserFactory(roles=[Role.OFFICIAL])
    assert user.has_role(Role.OFFICIAL) and not user.has_role(Role.REVIEWER)
    reviewers = Group.objects.get(name=Role.REVIEWER.value)
    user.groups.add(reviewers)
    assert user.has_role(Role.REVIEWER)
    user.groups.remove(reviewers)
    assert not user.has_role(Role.REVIEWER)
