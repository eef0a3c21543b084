"""Replication links (nhân rộng): which models a model replicates, and how.

Who may set them: an official, on the models they may edit (their agency's drafts and returned or recognised
models: what `editable_by` gives, so at registration time), and a reviewer, on any model they may read (to add
or correct what an agency said). Every change is a history entry of the link (django-simple-history: who, when,
what) and an audit entry. A link taken away is deleted, and its history keeps it: the row's history holds its
creation, its changes and a deletion entry with who and when. A "removed" flag instead would be one more
condition every count, filter and walk of the graph had to remember; the history already answers "what did
it say before".

The rules: the replicated model is in the list (one cannot replicate a draft nobody else may read), a model does
not replicate itself (also a database constraint) and the links never form a cycle (the graph is walked before
a link is added, with the rows of both models locked so two people linking the same pair wait for each other).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.history import stamp
from core.trees import reachable_ids

from ..choices import ReplicationKind
from ..models import MovementModel, Replication
from ..models.registry import edits, sees
from ..models.replication import all_edges_sql


def may_link(user, model: MovementModel) -> bool:
    """Whether the user may set the models `model` replicates."""
    if user.has_perm("models_registry.review_movementmodel"):
        return sees(model, user)
    return edits(model, user)


def check_may_link(user, model: MovementModel) -> None:
    if not may_link(user, model):
        raise PermissionDenied(
            _("Only the model's agency (while it may edit the model) or a reviewer can say which models it replicates.")
        )


def _check_kind(kind: str) -> None:
    if kind not in ReplicationKind.values:
        raise ValidationError(_("Choose how the model was replicated."), code="replication_kind")


def _check_source(replica: MovementModel, source: MovementModel) -> None:
    if source.pk == replica.pk:
        raise ValidationError(_("A model cannot replicate itself."), code="replication_self")
    if not MovementModel.objects.in_list().filter(pk=source.pk).exists():
        raise ValidationError(
            _("%(code)s is not in the list: only a model in the list can be replicated.") % {"code": source.code},
            code="replication_not_in_list",
        )
    # A cycle would close if the source already replicates the replica, directly or onward: the source is then
    # among the models reachable from the replica along "replicates" (upwards in the graph).
    upstream_of_source = reachable_ids(all_edges_sql(), source.pk, upwards=True)
    if MovementModel.objects.filter(pk=replica.pk, pk__in=upstream_of_source).exists():
        raise ValidationError(
            _(
                "%(source)s already replicates %(replica)s, directly or through other models: the link would make "
                "a circle."
            )
            % {"source": source.code, "replica": replica.code},
            code="replication_cycle",
        )


# Any number, the same in every process: the key of the lock that new links take one at a time.
_NEW_LINKS_LOCK = 0x5245504C  # "REPL"


def _lock(*models: MovementModel) -> None:
    list(MovementModel.objects.select_for_update().filter(pk__in=[m.pk for m in models]).order_by("pk"))


def _one_new_link_at_a_time() -> None:
    """Locking the two models of a link is not enough to keep the graph free of circles: A→B and C→D lock
    different rows, then B→C and D→A too, and each check misses the other's uncommitted link. New links are
    rare, so on PostgreSQL they take turns (a lock held to the end of the transaction); SQLite writes one
    transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_NEW_LINKS_LOCK])


def replication_link(
    *, replica: MovementModel, source: MovementModel, kind: str, note: str = "", user, at=None
) -> Replication:
    """Say that `replica` replicates `source`, `kind` (adopted as is or adapted)."""
    check_may_link(user, replica)
    _check_kind(kind)
    at = at or timezone.now()
    with transaction.atomic():
        _one_new_link_at_a_time()
        _lock(replica, source)
        _check_source(replica, source)
        if Replication.objects.filter(replica=replica, source=source).exists():
            raise ValidationError(
                _("%(replica)s already says it replicates %(source)s.")
                % {"replica": replica.code, "source": source.code},
                code="replication_exists",
            )
        link = Replication(replica=replica, source=source, kind=kind, note=note, created_by=user, created_at=at)
        link.full_clean(validate_constraints=False)
        stamp(link, user=user, at=at).save()
        audit.record(user, audit.REPLICATION_LINKED, target=replica, source=source.code, kind=kind)
    return link


def replication_change(*, link: Replication, kind: str, note: str | None = None, user, at=None) -> Replication:
    """Correct how a model replicated another (and the note)."""
    check_may_link(user, link.replica)
    _check_kind(kind)
    at = at or timezone.now()
    with transaction.atomic():
        link = Replication.objects.select_for_update().select_related("replica", "source").get(pk=link.pk)
        before = link.kind
        link.kind = kind
        if note is not None:
            link.note = note
        stamp(link, user=user, at=at).save(update_fields=["kind", "note"])
        audit.record(
            user, audit.REPLICATION_CHANGED, target=link.replica, source=link.source.code, kind=kind, before=before
        )
    return link


def replication_unlink(*, link: Replication, user, at=None) -> None:
    """Take a link away. The row goes; its history keeps it, with a deletion entry saying who and when."""
    check_may_link(user, link.replica)
    at = at or timezone.now()
    with transaction.atomic():
        link = Replication.objects.select_for_update().select_related("replica", "source").get(pk=link.pk)
        replica, source_code = link.replica, link.source.code
        stamp(link, user=user, at=at).delete()
        audit.record(user, audit.REPLICATION_REMOVED, target=replica, source=source_code)


def replications_set(*, replica: MovementModel, sources, kind: str, user, at=None, relabel_kept=False) -> None:
    """Make `sources` the models `replica` replicates (the registration form's list): links to add are added with
    `kind`, links not listed any more are taken away, links kept keep their own kind (a reviewer may have set it
    link by link on the model's page) unless `relabel_kept` (the person changed the form's "how"). All or
    nothing."""
    check_may_link(user, replica)
    wanted = {source.pk: source for source in sources}
    with transaction.atomic():
        existing = {link.source_id: link for link in Replication.objects.filter(replica=replica)}
        for source_id, link in existing.items():
            if source_id not in wanted:
                replication_unlink(link=link, user=user, at=at)
            elif relabel_kept and link.kind != kind:
                replication_change(link=link, kind=kind, user=user, at=at)
        for source_id, source in wanted.items():
            if source_id not in existing:
                replication_link(replica=replica, source=source, kind=kind, user=user, at=at)
