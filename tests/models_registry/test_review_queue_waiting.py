"""The review queue says when each model entered the queue (submitted, flagged, answered) and how many days it has
waited, and can list the longest waiting first, in the same number of queries however long it is."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from models_registry.choices import FlagReason
from models_registry.choices import ModelStatus as S
from models_registry.models import ModelEvent, MovementModel, ReviewFlag

from . import steps
from .steps import visible_text


@pytest.fixture
def reader(client):
    return steps.english(client)


def entered(model, days_ago: int):
    """Moves the model's last event (the one that put it where it is) `days_ago` days back."""
    event = ModelEvent.objects.filter(model=model, to_status=model.status).latest("at", "pk")
    ModelEvent.objects.filter(pk=event.pk).update(at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def waiting(alice, reviewer):
    recent = steps.model_at(S.SUBMITTED, official=alice, reviewer=reviewer, name="Nộp hôm qua")
    old = steps.model_at(S.SUBMITTED, official=alice, reviewer=reviewer, name="Nộp từ lâu")
    middle = steps.model_at(S.SUBMITTED, official=alice, reviewer=reviewer, name="Nộp tuần trước")
    entered(recent, 1)
    entered(old, 40)
    entered(middle, 7)
    return {"recent": recent, "old": old, "middle": middle}


def test_the_queue_shows_when_each_model_was_submitted_and_how_long_it_has_waited(reader, reviewer, waiting):
    reader.force_login(reviewer)
    text = visible_text(reader.get("/reviews/"))
    submitted = (timezone.localdate() - timedelta(days=40)).strftime("%d/%m/%Y")
    assert "Nộp từ lâu" in text and "40 days" in text and "7 days" in text and "1 day" in text
    assert submitted in text or (timezone.localdate() - timedelta(days=40)).strftime("%m/%d/%Y") in text


def test_the_waiting_longest_come_first_when_asked(reader, reviewer, waiting):
    reader.force_login(reviewer)
    by_default = [m.pk for m in reader.get("/reviews/").context["models"]]
    longest_first = [m.pk for m in reader.get("/reviews/", {"order": "waiting"}).context["models"]]
    assert by_default == [waiting[k].pk for k in ("recent", "old", "middle")]  # in the order registered
    assert longest_first == [waiting[k].pk for k in ("old", "middle", "recent")]


def test_a_flagged_model_waits_since_it_was_flagged_not_since_it_was_submitted(reader, reviewer, alice):
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)
    ModelEvent.objects.filter(model=model).update(at=timezone.now() - timedelta(days=300))
    steps.flag(model, reviewer, reason=FlagReason.NO_RESULTS, deadline=steps.in_days(20))
    ReviewFlag.objects.filter(model=model).update(deadline=steps.in_days(-1))  # past its deadline: "overdue"
    entered(MovementModel.objects.get(pk=model.pk), 12)
    found = MovementModel.objects.with_waiting_since().get(pk=model.pk)
    assert (timezone.localdate() - timezone.localtime(found.waiting_since).date()).days == 12
    reader.force_login(reviewer)
    assert "12 days" in visible_text(reader.get("/reviews/", {"queue": "overdue"}))


def test_a_draft_waits_for_nobody(alice, reviewer):
    draft = steps.model_at(S.DRAFT, official=alice, reviewer=reviewer)
    assert MovementModel.objects.with_waiting_since().get(pk=draft.pk).waiting_since is None


def test_the_export_has_the_waiting_columns(reader, reviewer, waiting):
    reader.force_login(reviewer)
    response = reader.get("/reviews/export.xlsx", {"order": "waiting"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    header = next(row for row in rows if row and "Days waiting" in row)
    days = header.index("Days waiting")
    assert [row[days] for row in rows[rows.index(header) + 1:]] == [40, 7, 1]


def test_waiting_longest_first_needs_the_same_queries_however_long_the_queue(reader, reviewer, alice):
    reader.force_login(reviewer)
    steps.model_at(S.SUBMITTED, official=alice, reviewer=reviewer)
    reader.get("/reviews/", {"order": "waiting"})
    with CaptureQueriesContext(connection) as few:
        reader.get("/reviews/", {"order": "waiting"})
    for _ in range(4):
        steps.model_at(S.SUBMITTED, official=alice, reviewer=reviewer)
    reader.get("/reviews/", {"order": "waiting"})
    with CaptureQueriesContext(connection) as more:
        response = reader.get("/reviews/", {"order": "waiting"})
    assert len(response.context["models"]) == 5
    assert len(more) == len(few)
