"""The demo compilation: loaded by `load_demo`, its 100 entries are the registry demo's typical models, and
loading it again changes nothing. The demo is loaded once for the package (tests/demo/conftest.py)."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from compilations.choices import CompilationStatus
from compilations.models import Compilation, Nomination, Score
from demo.compilations import TITLE, load_compilations_demo
from models_registry.models import MovementModel

pytestmark = pytest.mark.django_db


def _compilation():
    return Compilation.objects.get(title=TITLE)


def test_the_demo_compilation_is_published_with_the_100_typical_models(demo_output):
    compilation = _compilation()
    assert (compilation.status, compilation.capacity) == (CompilationStatus.PUBLISHED, 100)
    selected = set(compilation.nominations.selected().values_list("model", flat=True))
    typical = set(MovementModel.objects.in_list().filter(is_typical=True).values_list("pk", flat=True))
    assert len(selected) == 100 and selected == typical
    assert compilation.nominations.filter(selected=False).count() == 20
    assert f"“{TITLE}” published with 100 entries" in demo_output


def test_every_entry_is_written_up_with_a_photo(demo_output):
    for nomination in _compilation().nominations.selected().select_related("model"):
        assert nomination.is_ready
        assert nomination.model.name in nomination.write_up


def test_every_nomination_has_two_or_three_scores_and_no_reviewer_scores_their_own(demo_output):
    nominations = _compilation().nominations.with_scores()
    assert {n.score_count for n in nominations} <= {2, 3}
    for score in Score.objects.select_related("reviewer", "nomination"):
        assert MovementModel.objects.decidable_by(score.reviewer).filter(pk=score.nomination.model_id).exists()


def test_the_selected_entries_are_the_highest_scoring(demo_output):
    ranked = list(_compilation().nominations.by_score().values_list("selected", flat=True))
    assert ranked == [True] * 100 + [False] * 20


def test_loading_again_changes_nothing(demo_output):
    before = {m._meta.label: m._default_manager.count() for m in apps.get_models(include_auto_created=True)}
    assert load_compilations_demo() == {"compilations": 0, "nominations": 0, "scores": 0}
    call_command("load_demo", force=True, stdout=io.StringIO())
    after = {m._meta.label: m._default_manager.count() for m in apps.get_models(include_auto_created=True)}
    assert after == before
    assert Nomination.objects.count() == 120
