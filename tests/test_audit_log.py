"""The audit log (core/audit.py): what it records, through the real paths, and that nothing changes or deletes an
entry: the model and its QuerySet refuse, and on PostgreSQL the database itself (a trigger)."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.roles import Role
from core import audit
from core.audit import AppendOnlyError, AuditEntry
from models_registry.choices import ModelStatus
from tests.factories import MovementModelFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def entries(action, **filters):
    return AuditEntry.objects.filter(action=action, **filters)


def test_record_is_one_line(alice):
    model = MovementModelFactory(name="Dân vận khéo")
    entry = audit.record(alice, audit.EXPORT, target=model, format="xlsx", year=2023)
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor, entry.username, entry.action) == (alice, "alice", "export")
    assert (entry.target_type, entry.target_id) == ("models_registry.movementmodel", str(model.pk))
    assert entry.target == str(model)
    assert entry.details == {"format": "xlsx", "year": 2023}


def test_an_entry_is_never_changed_or_deleted_by_the_application(alice):
    entry = audit.record(alice, audit.LOGIN)
    entry.action = "nothing"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="nothing")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "login"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize("statement", ["UPDATE core_auditentry SET action = 'x'", "DELETE FROM core_auditentry"])
def test_postgresql_itself_refuses_update_and_delete(alice, statement):
    entry = audit.record(alice, audit.LOGIN)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.get(pk=entry.pk).action == "login"


def test_postgresql_has_the_trigger_or_this_is_sqlite():
    # On PostgreSQL the migration must have made the trigger; on SQLite the model guards alone.
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'core_auditentry_append_only'")
        assert cursor.fetchone() == (1,)


def test_sign_ins_failures_and_sign_outs(client, alice):
    client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    client.post("/accounts/login/", {"username": "nobody-here", "password": "wrong"})
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    client.post("/accounts/logout/")
    assert list(entries("login.failed").values_list("username", flat=True).order_by("pk")) == ["alice", "nobody-here"]
    assert entries("login.failed").first().ip_address == "127.0.0.1"
    assert entries("login", actor=alice).count() == 1
    assert entries("logout", actor=alice).count() == 1


def test_a_refused_request_is_recorded(client, alice):
    client.force_login(alice)
    response = client.get("/reviews/")
    assert response.status_code == 403
    entry = entries("forbidden", actor=alice).get()
    assert entry.path == "/reviews/" and entry.details["method"] == "GET"


def test_a_csrf_refusal_is_recorded(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/notifications/read/").status_code == 403
    assert entries("forbidden", actor=alice, path="/notifications/read/").exists()


def test_role_changes_name_who_made_them(client, administrator):
    from django.contrib.auth.models import Group

    from tests.accounts.test_roles import user_form

    newcomer = UserFactory(username="newcomer", agency=None)
    client.force_login(administrator)
    reviewer = Group.objects.get(name=Role.REVIEWER)
    client.post(f"/admin/accounts/user/{newcomer.pk}/change/", user_form(newcomer, groups=[reviewer.pk]))
    entry = entries("role.changed", target_id=str(newcomer.pk)).get()
    assert entry.actor == administrator
    assert entry.details["change"] == "added" and entry.details["roles"] == ["reviewer"]
    newcomer.groups.clear()  # the shell: recorded, with no one behind it
    assert entries("role.changed", target_id=str(newcomer.pk), actor=None).exists()


def test_role_permission_and_account_changes(alice):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.get(name=Role.LEADER)
    group.permissions.add(Permission.objects.get(codename="review_movementmodel"))
    entry = entries("permission.changed").latest("pk")
    assert entry.target == "leader" and entry.details["permissions"] == ["models_registry.review_movementmodel"]
    alice.is_active = False
    alice.save()
    assert entries("account.changed", target_id=str(alice.pk)).get().details == {"is_active": False}


def test_every_workflow_decision_is_recorded_once(client, reviewer, agency):
    from datetime import date

    model = MovementModelFactory(status=ModelStatus.SUBMITTED, owner_agency=agency)
    client.force_login(reviewer)
    response = client.post(
        f"/models/{model.pk}/recognise/",
        {"decision_number": "12/QĐ-BCĐ", "decision_date": date.today().strftime("%d/%m/%Y"), "recognising_body": "BCĐ"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = entries("decision", target_id=str(model.pk)).get()
    assert entry.actor == reviewer
    assert entry.details == {"move": "recognise", "from_state": "submitted", "to_state": "recognised"}


def test_a_refused_decision_leaves_no_entry(alice, agency):
    from django.core.exceptions import PermissionDenied, ValidationError

    from models_registry.services import workflow

    model = MovementModelFactory(status=ModelStatus.SUBMITTED, owner_agency=agency)
    with pytest.raises((PermissionDenied, ValidationError)):
        workflow.model_recognise(
            model=model, user=alice, decision_number="1", decision_date=model.created_at.date(), recognising_body="X"
        )
    assert not entries("decision").exists()


def test_exports_are_recorded(client, leader):
    client.force_login(leader)
    assert client.get("/dashboard/export.xlsx?year=2023").status_code == 200
    entry = entries("export", actor=leader).get()
    assert entry.details == {"document": "dashboard", "format": "xlsx"}
    assert entry.path == "/dashboard/export.xlsx?year=2023"


def test_pdf_exports_are_recorded_too(client, leader):
    client.force_login(leader)
    assert client.get("/dashboard/export.pdf?year=2023").status_code == 200
    assert entries("export", actor=leader).get().details == {"document": "dashboard", "format": "pdf"}


def test_administrators_read_and_filter_the_log_and_nobody_else(client, administrator, alice):
    audit.record(alice, audit.EXPORT, document="dashboard")
    audit.record(alice, audit.LOGIN)
    client.force_login(administrator)
    page = client.get("/admin/core/auditentry/?action=export")
    assert page.status_code == 200
    assert list(page.context["cl"].result_list.values_list("action", flat=True)) == ["export"]
    entry = AuditEntry.objects.filter(action="export").get()
    detail = client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    client.force_login(alice)
    assert client.get("/admin/core/auditentry/").status_code == 302
