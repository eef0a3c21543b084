"""The demo is entered through the same services as a person at the forms, so a rule added to a service reaches
it: what the services leave (workflow events, the history entries of each move, versions, dates) is all there,
for every record, and the demo's code writes no domain row beside them."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from compilations.models import Compilation, Score
from core.workflow import HISTORY_REASON_PREFIX
from meetings.choices import AssignmentState, MeetingStatus
from meetings.models import DirectiveAssignment, Meeting, ProgressEntry
from models_registry.choices import RECOGNISED_STATUSES, ModelStatus, RoundOutcome, Transition
from models_registry.models import ModelEvent, MovementModel, ReviewFlag, RoundEntry

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "demo"


def _by(rows, key):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def test_every_model_went_through_the_workflow_as_a_person_would(demo_output):
    """Entered as a draft by the account the model names, at its creation time; then moved only by the transition
    helper: each workflow event continues from the status the previous one left, and has the history entry of
    its move (by its actor, at its time, in the status it moved to, with the record's next version)."""
    events = _by(
        ModelEvent.objects.order_by("at", "pk").values(
            "model_id", "transition", "from_status", "to_status", "actor_id", "at", "decision_number", "decision_date"
        ),
        "model_id",
    )
    snapshots = _by(
        MovementModel.history.order_by("history_date", "history_id").values(
            "id", "history_type", "history_change_reason", "history_user_id", "history_date", "status", "version"
        ),
        "id",
    )
    models = MovementModel.objects.values(
        "pk", "status", "version", "created_by_id", "created_at", "recognition_decision", "recognition_date",
        "is_typical",
    )  # fmt: skip
    assert len(models) == 1664
    for model in models:
        chain, history = events[model["pk"]], snapshots[model["pk"]]
        created = history[0]
        assert (created["history_type"], created["status"], created["version"]) == ("+", ModelStatus.DRAFT, 1)
        assert (created["history_user_id"], created["history_date"]) == (model["created_by_id"], model["created_at"])

        status = ModelStatus.DRAFT
        for event in chain:
            assert event["from_status"] == status, model
            status = event["to_status"]
        assert status == model["status"]

        moves = [
            (before, after)
            for before, after in zip(history, history[1:], strict=False)
            if (after["history_change_reason"] or "").startswith((HISTORY_REASON_PREFIX, "compilation:"))
        ]
        assert [(after["history_user_id"], after["history_date"], after["status"]) for _before, after in moves] == [
            (event["actor_id"], event["at"], event["to_status"]) for event in chain
        ]
        assert all(after["version"] == before["version"] + 1 for before, after in moves)
        assert history[-1]["version"] == model["version"]

        transitions = [event["transition"] for event in chain]
        if model["status"] in RECOGNISED_STATUSES:
            [recognition] = [e for e in chain if e["transition"] in (Transition.RECORD, Transition.RECOGNISE)]
            assert (recognition["decision_number"], recognition["decision_date"]) == (
                model["recognition_decision"],
                model["recognition_date"],
            )
        assert (Transition.MARK_TYPICAL in transitions) == model["is_typical"]


def test_every_flag_and_round_entry_says_who_and_when(demo_output):
    flag_events = {
        event.flag_id: event for event in ModelEvent.objects.filter(transition=Transition.FLAG).select_related("flag")
    }
    flags = list(ReviewFlag.objects.all())
    assert len(flags) == 23 + 5
    for flag in flags:
        event = flag_events[flag.pk]
        assert (event.actor_id, event.at, event.model_id) == (flag.flagged_by_id, flag.flagged_at, flag.model_id)
        assert flag.history.filter(history_user=flag.flagged_by).exists()
    entries = RoundEntry.objects.all()
    assert not entries.filter(outcome=RoundOutcome.PENDING).exists()
    assert not entries.filter(reviewed_by__isnull=True).exists()
    assert not entries.filter(reviewed_at__isnull=True).exists()


def test_every_directive_part_moved_through_its_follow_up(demo_output):
    """Each agency's part starts open and follows its progress entries to its state today; each entry has the
    history entry of its move."""
    entries = _by(ProgressEntry.objects.order_by("at", "pk").values(), "assignment_id")
    parts = list(DirectiveAssignment.objects.all())
    assert sum(len(rows) for rows in entries.values()) == ProgressEntry.objects.count() > 20
    for part in parts:
        state = AssignmentState.OPEN
        for entry in entries[part.pk]:
            assert entry["from_state"] == state
            state = entry["to_state"]
            move = {"history_date": entry["at"], "history_user_id": entry["actor_id"]}
            assert part.history.filter(**move, history_change_reason=f"progress:{entry['action']}").exists()
        assert state == part.state
    for meeting in Meeting.objects.filter(status=MeetingStatus.PUBLISHED):
        published = meeting.history.get(history_change_reason="publish")
        assert (published.history_user_id, published.history_date) == (meeting.published_by_id, meeting.published_at)


def test_the_compilation_was_scored_and_published_by_reviewers(demo_output):
    compilation = Compilation.objects.get()
    published = compilation.history.get(history_change_reason="publish")
    publication = (compilation.published_by_id, compilation.published_at)
    assert (published.history_user_id, published.history_date) == publication
    for score in Score.objects.all():
        assert score.history.get().history_user_id == score.reviewer_id


# The demo's code -----------------------------------------------------------------------------------

WRITES = {"save", "create", "bulk_create", "bulk_update", "update", "delete", "get_or_create", "update_or_create"}
# Reference data that no service writes: agencies and accounts are set up in the admin before anybody works.
REFERENCE_DATA = {
    ("registry.py", "load_agencies"),
    ("registry.py", "load_users"),
    ("meetings.py", "_agency"),
    ("meetings.py", "_account"),
    ("compilations.py", "_reviewer"),
    ("entries.py", "_agency_official"),
}


def _writes(path: Path) -> set[tuple[str, str]]:
    """(module, function) of every call in `path` that writes rows itself: a model's save(), a manager's or
    queryset's write (`X.objects.create()`, `X.history.update()`), simple-history's bulk helpers."""
    found = set()

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                target = ast.unparse(child.func)
                name = target.rsplit(".", 1)[-1]
                through_a_manager = any(f".{word}." in f".{target}" for word in ("objects", "history", "through"))
                if name == "save" or (name in WRITES and through_a_manager) or name.startswith("bulk_create_with"):
                    found.add((path.name, function))
            visit(child, function)

    visit(ast.parse(path.read_text()), "<module>")
    return found


def test_the_demo_writes_through_the_services_only():
    writes = set().union(*(_writes(path) for path in DEMO.rglob("*.py")))
    assert writes <= REFERENCE_DATA, sorted(writes - REFERENCE_DATA)
    assert ("registry.py", "load_agencies") in writes  # the check sees the writes it allows


def test_the_check_sees_a_write_beside_the_services(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "def sneaky(model):\n"
        "    MovementModel.objects.filter(pk=model.pk).update(is_typical=True)\n"
        "def also(model):\n"
        "    model.save()\n"
        "def fine(rows):\n"
        "    rows.update({'a': 1})\n"
    )
    assert _writes(module) == {("example.py", "sneaky"), ("example.py", "also")}
