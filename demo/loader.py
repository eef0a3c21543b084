"""`load_demo` in the order things happened: the agencies and accounts (reference data), the models recognised
up to 2022, the 2023 review, the models recognised in 2023, the replication links between them, the meetings of
2023-2024, the compilation published in 2025, the drafts and submissions of 2025-2026 and today's open flags.
One transaction: a refused step leaves nothing behind.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from models_registry.models import MovementModel

from . import review
from .compilations import load_compilations_demo
from .entries import Registry
from .meetings import load_meetings_demo
from .registry import ModelPlan, agency_specs, load_agencies, load_users, plan_models, pre_2025_units, typical_codes
from .replication import load_replications


@dataclass(frozen=True)
class LoadResult:
    agencies_created: int
    users_created: int
    models_created: int


@transaction.atomic
def load_demo(stdout=None) -> LoadResult:
    """Create whatever part of the demo data is missing; nothing when it is all there."""
    units = pre_2025_units()
    agencies, agencies_created = load_agencies(agency_specs(units), units)
    users, users_created = load_users(agencies)
    plans = plan_models(units)
    typical = set(typical_codes(plans))
    # The models are entered together with their whole history, so one of them tells whether it happened.
    loaded = MovementModel.objects.filter(name=plans[0].name).exists()
    if not loaded:
        _registry_until_2023(Registry(agencies, users, units), users, plans, typical)
        load_replications(users, typical)
    load_meetings_demo(stdout=stdout, typical_codes=typical)
    load_compilations_demo(stdout=stdout, typical_codes=typical)
    if not loaded:
        _registry_since_2025(Registry(agencies, users, units), users, plans, typical)
    return LoadResult(agencies_created, users_created, 0 if loaded else len(plans))


def _registry_until_2023(registry: Registry, users, plans: list[ModelPlan], typical: set[str]) -> None:
    recognised = defaultdict(list)
    for plan in plans:
        if plan.recognition_year:
            recognised[plan.recognition_year].append(plan)
    for year in sorted(recognised):
        if year == review.ROUND_YEAR:
            removed = {plan.code: plan.removed_in_2023_review for plan in plans if plan.removed_in_2023_review}
            review.review_2023(users, removed=removed, typical=typical)
        registry.record_year(recognised[year])


def _registry_since_2025(registry: Registry, users, plans: list[ModelPlan], typical: set[str]) -> None:
    registered = defaultdict(list)
    for plan in plans:
        if plan.registered_in:
            registered[plan.registered_in].append(plan)
    for year, year_plans in sorted(registered.items()):
        for index, plan in enumerate(year_plans):
            registry.register(plan, index=index, count=len(year_plans), year=year)
    review.open_cases(users, typical=typical)
