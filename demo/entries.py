"""The demo's models entered through the registry's services, dated when each step happened.

The province's existing list (the models recognised 2016-2023) is recorded by the steering committee office's
reviewer (who may decide on every model: the office owns none) with "record an earlier recognition"
(models_registry.services.model_record_recognised): each year's decisions are entered
at the end of that year, in the order of the plan (so the codes the service gives are the plan's codes), with
the results each model reported. The drafts and submissions of 2025-2026 are registered (model_create) and
submitted (model_submit) by whoever acts for the owning agency. Every step therefore leaves what a person at
the forms would leave: the row, its history entries, its workflow event, its notifications.
"""

import datetime
import random

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from models_registry.choices import ModelStatus, UnitLevel
from models_registry.models import AdministrativeUnit, Agency, Field, IndicatorType, MovementModel
from models_registry.services import IndicatorData, model_create, model_record_recognised, model_submit

from .registry import LIST_RECORDER, PROVINCE, ModelPlan, demo_password_hash

# Each year's decisions are entered in the registry at the end of the year (by then every decision of the year
# is signed); a recognising body signs its decision of the year between these two days.
ENTERED_ON = (12, 28)
DECIDED_BETWEEN = ((3, 1), (12, 20))
# The 2023 decisions come after the 2023 review round opened (review.OPENED): the round covered the models
# recognised up to 2022.
DECIDED_BETWEEN_2023 = ((9, 15), (12, 20))
# When the drafts and submissions of a year were registered: spread over these months, in the plan's order.
REGISTERED_BETWEEN = {2025: ((8, 10), (12, 10)), 2026: ((1, 12), (10, 9))}
SUBMITTED_AFTER = datetime.timedelta(days=9)


def moment(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def decision_date(body: str, year: int) -> datetime.date:
    """The day a body signed its recognising decision of `year`: drawn from the body and the year alone, so it
    is the same on every load and leaves the planner's random sequence (and so the plan) untouched."""
    (first_month, first_day), (last_month, last_day) = DECIDED_BETWEEN_2023 if year == 2023 else DECIDED_BETWEEN
    first, last = datetime.date(year, first_month, first_day), datetime.date(year, last_month, last_day)
    return first + datetime.timedelta(days=random.Random(f"{body}|{year}").randint(0, (last - first).days))


def _spread(year: int, between, index: int, count: int) -> datetime.datetime:
    """The `index`-th of `count` moments spread evenly between two days of `year`."""
    (first_month, first_day), (last_month, last_day) = between
    first, last = datetime.date(year, first_month, first_day), datetime.date(year, last_month, last_day)
    step = (last - first) / max(count - 1, 1)
    return moment(first + step * index, 9 + index % 7)


class Registry:
    """Enters planned models through the services, with the lookups they need made once."""

    def __init__(self, agencies: dict[str, Agency], users: dict[str, User], units):
        self.agencies = agencies
        self.units = units
        self.recorder = users[LIST_RECORDER]
        self._agency_officials: dict[int, User] = {}
        self.fields = {f.name: f for f in Field.objects.all()}
        self.indicator_types = {t.name: t for t in IndicatorType.objects.all()}
        self.officials = [user for user in users.values() if user.agency_id and user.has_role(Role.OFFICIAL)]
        self.current_units = _CurrentUnits()

    # The province's existing list ---------------------------------------------------------------------

    def record_year(self, plans: list[ModelPlan]) -> dict[str, MovementModel]:
        """Record the models recognised in one year, at the end of that year, in the plan's order."""
        models = {}
        for index, plan in enumerate(plans):
            entered = moment(datetime.date(plan.recognition_year, *ENTERED_ON), 8) + datetime.timedelta(minutes=index)
            models[plan.code] = self.record(plan, at=entered)
        return models

    def record(self, plan: ModelPlan, *, at) -> MovementModel:
        return model_record_recognised(
            user=self.recorder,
            data=self._content(plan, self.units[plan.owner.unit_code]),
            decision_number=plan.recognition_decision,
            decision_date=decision_date(plan.recognising_body, plan.recognition_year),
            recognising_body=plan.recognising_body,
            cooperating_agencies=self._cooperating(plan),
            indicators=self._indicators(plan),
            at=at,
        )

    # Drafts and submissions ---------------------------------------------------------------------------

    def register(self, plan: ModelPlan, *, index: int, count: int, year: int) -> MovementModel:
        """Register a draft (and submit it, if the plan says it was), in the unit that stands today for the
        owner's unit."""
        at = _spread(year, REGISTERED_BETWEEN[year], index, count)
        author = self.creator_of(plan)
        unit = self.current_units.standing_for(self.units[plan.owner.unit_code])
        model = model_create(
            user=author,
            data=self._content(plan, unit),
            cooperating_agencies=self._cooperating(plan),
            indicators=self._indicators(plan),
            at=at,
        )
        if plan.status == ModelStatus.SUBMITTED:
            model_submit(model=model, user=author, at=at + SUBMITTED_AFTER)
        return model

    def creator_of(self, plan: ModelPlan) -> User:
        """Who registers a draft: the demo official of the owning agency or an agency above it, or else that
        agency's own official (rights come from roles only: nobody else acts for an agency)."""
        agency = self.agencies[plan.owner.name]
        for official in self.officials:
            ancestor = agency
            while ancestor is not None:
                if ancestor.pk == official.agency_id:
                    return official
                ancestor = ancestor.parent
        return self._agency_official(agency)

    def _agency_official(self, agency: Agency) -> User:
        """A demo account for an agency the named demo officials do not act for, set up as an administrator
        would (reference data): it registers that agency's drafts."""
        if agency.pk not in self._agency_officials:
            user, created = User.objects.get_or_create(
                username=f"canbo-{agency.pk}",
                defaults={"agency": agency, "last_name": "Cán bộ", "first_name": agency.short_name or agency.name},
            )
            if created:
                user.password = demo_password_hash()
                user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=Role.OFFICIAL.value))
            self._agency_officials[agency.pk] = user
        return self._agency_officials[agency.pk]

    # What the services are given ----------------------------------------------------------------------

    def _content(self, plan: ModelPlan, unit) -> dict:
        return {
            "name": plan.name,
            "kind": plan.kind,
            "owner_agency": self.agencies[plan.owner.name],
            "registered_unit": unit,
            "field": self.fields[plan.field],
            "level": plan.level,
            "year_started": plan.year_started,
            "description": plan.description,
            "approach": plan.approach,
            "results": plan.results,
        }

    def _cooperating(self, plan: ModelPlan) -> list[Agency]:
        return [self.agencies[name] for name in plan.cooperating]

    def _indicators(self, plan: ModelPlan) -> list[IndicatorData]:
        return [IndicatorData(self.indicator_types[name], value, year) for name, value, year in plan.indicators]


class _CurrentUnits:
    """The unit that stands today for a pre-2025 unit: a commune's first successor, else the province."""

    def __init__(self):
        self.province = AdministrativeUnit.objects.current().get(code=PROVINCE, level=UnitLevel.PROVINCE)
        self.cache: dict[int, AdministrativeUnit] = {}

    def standing_for(self, unit):
        if unit.pk not in self.cache:
            current = unit.current_units() if unit.level == UnitLevel.COMMUNE else []
            self.cache[unit.pk] = current[0] if current else self.province
        return self.cache[unit.pk]
