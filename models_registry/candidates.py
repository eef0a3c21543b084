"""Candidates for review, found for the reviewer rather than remembered.

- stale: models in the list with no new results or indicators for REVIEW_STALE_MONTHS months;
- reorganised: models registered in a unit that has since been dissolved or merged, or owned by an
  agency that is no longer active;
- duplicates: pairs of models in the list with the same unit and field and similar names, compared
  without diacritics.
"""

from dataclasses import dataclass
from datetime import timedelta
from difflib import SequenceMatcher
from itertools import combinations

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.search import fold

from .models import MovementModel

DUPLICATE_SIMILARITY = 0.8  # share of matching characters between two folded names


def stale(models):
    cutoff = timezone.now() - timedelta(days=round(settings.REVIEW_STALE_MONTHS * 30.44))
    return models.in_list().filter(results_updated_at__lt=cutoff)


def reorganised(models):
    return models.in_list().filter(Q(registered_unit__valid_to__isnull=False) | Q(owner_agency__is_active=False))


@dataclass(frozen=True)
class DuplicatePair:
    first: MovementModel
    second: MovementModel
    similarity: float


def name_similarity(first: str, second: str) -> float:
    """How alike two models' names are, compared without diacritics and case (0 to 1)."""
    return SequenceMatcher(None, fold(first), fold(second)).ratio()


def probable_duplicates_of(wanted) -> list[list[MovementModel]]:
    """For each (name, unit, field, exclude_pk): the models in the list that a model `name` in `unit` and `field`
    probably repeats, by the rule of likely_duplicates() (an import's warnings). One query whatever the number asked
    about: the models in the list in the units and fields named, newest first, compared here."""
    wanted = list(wanted)
    if not wanted:
        return []
    units = {_pk(unit) for _name, unit, _field, _exclude in wanted}
    fields = {_pk(field) for _name, _unit, field, _exclude in wanted}
    groups: dict[tuple[int, int], list[MovementModel]] = {}
    others = MovementModel.objects.in_list().filter(registered_unit__in=units, field__in=fields)
    for model in others.only("pk", "code", "name", "registered_unit", "field"):
        groups.setdefault((model.registered_unit_id, model.field_id), []).append(model)
    return [
        [model for model in groups.get((_pk(unit), _pk(field)), ()) if model.pk != exclude_pk
         and name_similarity(name, model.name) >= DUPLICATE_SIMILARITY]
        for name, unit, field, exclude_pk in wanted
    ]


def _pk(instance) -> int:
    return getattr(instance, "pk", instance)


def likely_duplicates(models) -> list[DuplicatePair]:
    """Pairs of similar names within each (unit, field) group, most similar first."""
    in_list = models.in_list()
    sharing = in_list.filter(
        Exists(
            MovementModel.objects.in_list()
            .filter(registered_unit=OuterRef("registered_unit"), field=OuterRef("field"))
            .exclude(pk=OuterRef("pk"))
        )
    ).select_related("owner_agency", "field", "registered_unit")
    groups: dict[tuple[int, int], list[MovementModel]] = {}
    for model in sharing.order_by("pk"):
        groups.setdefault((model.registered_unit_id, model.field_id), []).append(model)
    pairs = []
    for group in groups.values():
        for first, second in combinations(group, 2):
            similarity = name_similarity(first.name, second.name)
            if similarity >= DUPLICATE_SIMILARITY:
                pairs.append(DuplicatePair(first, second, similarity))
    return sorted(pairs, key=lambda pair: (-pair.similarity, pair.first.pk))


@dataclass(frozen=True)
class CandidateKind:
    label: str
    find: object


KINDS = {
    "stale": CandidateKind(_("No new results for a long time"), stale),
    "reorganised": CandidateKind(_("Unit or agency dissolved or merged"), reorganised),
    "duplicates": CandidateKind(_("Likely duplicates"), likely_duplicates),
}
