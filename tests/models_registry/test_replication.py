"""The rules of replication links (services/replication.py): who may set them, no self-link, no cycle, only a
model in the list can be replicated, and every change leaves a history entry and an audit entry."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.audit import REPLICATION_CHANGED, REPLICATION_LINKED, REPLICATION_REMOVED, AuditEntry
from models_registry import services
from models_registry.choices import ModelStatus, ReplicationKind
from models_registry.models import MovementModel, Replication
from tests.factories import MovementModelFactory, ReplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_interface(settings):
    """These tests read the English source messages (the catalogue may be compiled): pages and services speak
    English here."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

ADOPTED, ADAPTED = ReplicationKind.ADOPTED, ReplicationKind.ADAPTED


@pytest.fixture
def source(other_agency):
    return MovementModelFactory(recognised=True, owner_agency=other_agency, name="Dân vận khéo hiến đất làm đường")


@pytest.fixture
def draft(agency):
    return MovementModelFactory(owner_agency=agency)


def test_an_official_links_their_own_draft_with_a_history_entry_and_an_audit_entry(alice, draft, source):
    at = timezone.make_aware(datetime.datetime(2025, 9, 1, 9))
    link = services.replication_link(
        replica=draft, source=source, kind=ADAPTED, note="Theo cách xã bạn", user=alice, at=at
    )

    link = Replication.objects.get(pk=link.pk)
    assert (link.replica, link.source, link.kind, link.created_by, link.created_at) == (
        draft,
        source,
        ADAPTED,
        alice,
        at,
    )
    entry = link.history.get()
    assert (entry.history_type, entry.history_user, entry.history_date) == ("+", alice, at)
    audit = AuditEntry.objects.get(action=REPLICATION_LINKED)
    assert (audit.actor, audit.target_id, audit.details["source"]) == (alice, str(draft.pk), source.code)


def test_an_official_may_not_link_another_agencys_model(bob, draft, source):
    with pytest.raises(PermissionDenied):
        services.replication_link(replica=draft, source=source, kind=ADOPTED, user=bob)
    assert not Replication.objects.exists()


def test_an_official_may_not_link_a_submitted_model(alice, agency, source):
    submitted = MovementModelFactory(owner_agency=agency, status=ModelStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.replication_link(replica=submitted, source=source, kind=ADOPTED, user=alice)


def test_a_reviewer_may_link_any_model_they_can_read(reviewer, agency, source):
    recognised = MovementModelFactory(recognised=True, owner_agency=agency)
    services.replication_link(replica=recognised, source=source, kind=ADOPTED, user=reviewer)
    assert recognised.replication_sources.get().source == source


@pytest.mark.parametrize("role_user", ["secretary", "leader", "nobody"])
def test_other_roles_may_not_link(request, role_user, agency, source):
    user = request.getfixturevalue(role_user)
    recognised = MovementModelFactory(recognised=True, owner_agency=agency)
    with pytest.raises(PermissionDenied):
        services.replication_link(replica=recognised, source=source, kind=ADOPTED, user=user)


def test_a_model_cannot_replicate_itself(reviewer, source):
    with pytest.raises(ValidationError, match="cannot replicate itself"):
        services.replication_link(replica=source, source=source, kind=ADOPTED, user=reviewer)
    # The database says so too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Replication.objects.create(replica=source, source=source)


def test_a_cycle_is_refused_however_long(reviewer):
    a, b, c = MovementModelFactory.create_batch(3, recognised=True)
    services.replication_link(replica=b, source=a, kind=ADOPTED, user=reviewer)
    services.replication_link(replica=c, source=b, kind=ADOPTED, user=reviewer)

    with pytest.raises(ValidationError, match="circle") as refused:
        services.replication_link(replica=a, source=c, kind=ADOPTED, user=reviewer)

    assert refused.value.error_list[0].code == "replication_cycle"
    assert Replication.objects.count() == 2
    # A diamond is no cycle: d replicates both b and c, which both come from a.
    d = MovementModelFactory(recognised=True)
    services.replication_link(replica=d, source=b, kind=ADOPTED, user=reviewer)
    services.replication_link(replica=d, source=c, kind=ADOPTED, user=reviewer)


def test_only_a_model_in_the_list_can_be_replicated(alice, draft, agency):
    other_draft = MovementModelFactory(owner_agency=agency)
    with pytest.raises(ValidationError, match="not in the list"):
        services.replication_link(replica=draft, source=other_draft, kind=ADOPTED, user=alice)


def test_a_link_is_made_once(alice, draft, source):
    services.replication_link(replica=draft, source=source, kind=ADOPTED, user=alice)
    with pytest.raises(ValidationError, match="already says"):
        services.replication_link(replica=draft, source=source, kind=ADAPTED, user=alice)
    assert Replication.objects.get().kind == ADOPTED


def test_an_unknown_kind_is_refused(alice, draft, source):
    with pytest.raises(ValidationError):
        services.replication_link(replica=draft, source=source, kind="copied", user=alice)


def test_a_reviewer_corrects_the_kind_with_a_history_entry(reviewer, source):
    link = ReplicationFactory(source=source)
    services.replication_change(link=link, kind=ADAPTED, user=reviewer)

    link.refresh_from_db()
    assert link.kind == ADAPTED
    latest = link.history.latest()
    assert (latest.history_type, latest.history_user, latest.kind) == ("~", reviewer, ADAPTED)
    assert AuditEntry.objects.get(action=REPLICATION_CHANGED).details["before"] == ADOPTED


def test_a_removed_link_keeps_its_history(reviewer, source):
    link = ReplicationFactory(source=source)
    pk = link.pk
    services.replication_unlink(link=link, user=reviewer)

    assert not Replication.objects.filter(pk=pk).exists()
    history = Replication.history.filter(id=pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "-"]
    assert history.last().history_user == reviewer
    assert AuditEntry.objects.filter(action=REPLICATION_REMOVED, actor=reviewer).count() == 1


def test_an_official_cannot_remove_a_link_of_a_recognised_model_of_another_agency(bob, source):
    link = ReplicationFactory(source=source)
    with pytest.raises(PermissionDenied):
        services.replication_unlink(link=link, user=bob)
    assert Replication.objects.filter(pk=link.pk).exists()


def test_registering_a_model_with_the_models_it_replicates(alice, agency, source, reviewer):
    from tests.factories import FieldFactory

    data = {
        "name": "Mô hình nhân rộng",
        "kind": "model",
        "owner_agency": agency,
        "registered_unit": source.registered_unit,
        "field": FieldFactory(),
        "level": "commune",
        "year_started": 2024,
        "description": "",
        "approach": "",
        "results": "",
    }
    model = services.model_create(user=alice, data=data, replicates=[source], replication_kind=ADAPTED)
    assert list(model.replication_sources.values_list("source", "kind")) == [(source.pk, ADAPTED)]

    # A refused link leaves no model behind: all or nothing.
    with pytest.raises(ValidationError):
        services.model_create(user=alice, data={**data, "name": "Hai"}, replicates=[MovementModelFactory()])
    assert not MovementModel.objects.filter(name="Hai").exists()


def test_the_words_replicates_another_has_been_replicated_and_spread(reviewer):
    a, b, c, d = MovementModelFactory.create_batch(4, recognised=True)
    draft = MovementModelFactory()
    ReplicationFactory(replica=b, source=a)
    ReplicationFactory(replica=c, source=b)
    ReplicationFactory(replica=d, source=b)
    ReplicationFactory(replica=draft, source=d)  # a draft has not spread it yet

    assert set(MovementModel.objects.replicates_another()) == {b, c, d, draft}
    assert set(MovementModel.objects.has_been_replicated()) == {a, b}
    spread = dict(MovementModel.objects.with_spread().values_list("pk", "spread"))
    assert (spread[a.pk], spread[b.pk], spread[c.pk], spread[d.pk]) == (3, 2, 0, 0)
    # One definition: has been replicated exactly when the spread is above 0.
    assert set(MovementModel.objects.with_spread().filter(spread__gt=0)) == set(
        MovementModel.objects.has_been_replicated()
    )
