"""One definition per domain word: for every combination of status × recognition year × removal year × typical,
the dashboard's figures, the lists their links open, and a plain statement of the rule in Python agree.

The rule, as the steering committee states it: a model is *in the list at the end of year Y* when a decision of
Y or earlier recognised it and no decision of Y or earlier removed it (a model restored later counts as never
removed); it is *new in Y* when its recognising decision is of Y, *removed in Y* when the decision that removed
it (and still stands) is of Y; *typical* models are counted among those in the list.
"""

import datetime
from urllib.parse import urlsplit

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dashboard import figures
from meetings.models import Directive
from models_registry.choices import IN_LIST_STATUSES, RECOGNISED_STATUSES, ModelStatus
from models_registry.filtersets import MovementModelFilterSet
from models_registry.models import MovementModel
from tests.factories import AdministrativeUnitFactory, AgencyFactory, FieldFactory, MovementModelFactory

TODAY = datetime.date(2026, 11, 30)
YEARS = range(2019, TODAY.year + 1)


@st.composite
def a_model(draw):
    """A model's workflow fields in any combination the database accepts."""
    status = draw(st.sampled_from(ModelStatus))
    recognised = draw(st.sampled_from(YEARS)) if status in RECOGNISED_STATUSES else None
    removed = draw(st.integers(recognised, TODAY.year)) if status == ModelStatus.REMOVED else None
    typical = draw(st.booleans()) if status in RECOGNISED_STATUSES else False
    return status, recognised, removed, typical


# The rule in plain Python, written from the committee's words above, not from the QuerySets.
def recognised_by(row, year):
    return row.recognition_year is not None and row.recognition_year <= year


def removed_by(row, year):
    return row.status == ModelStatus.REMOVED and row.removal_year <= year


def in_list_at_end_of(row, year):
    return recognised_by(row, year) and not removed_by(row, year)


def in_list_today(row):
    return row.recognition_year is not None and row.status != ModelStatus.REMOVED


def expected(rows, year) -> dict:
    listed = (lambda row: in_list_at_end_of(row, year)) if year else in_list_today
    ref_year = year or TODAY.year
    return {
        "in_list": sum(1 for row in rows if listed(row)),
        "new": sum(1 for row in rows if row.recognition_year == ref_year),
        "removed": sum(1 for row in rows if row.status == ModelStatus.REMOVED and row.removal_year == ref_year),
        "flagged": sum(1 for row in rows if row.status == ModelStatus.FLAGGED),
        "under_review": sum(1 for row in rows if row.status == ModelStatus.UNDER_REVIEW),
        "typical": sum(1 for row in rows if listed(row) and row.is_typical),
    }


def list_count(url: str) -> int:
    """How many rows the models list finds for a figure's link: the list's own FilterSet on its query string."""
    query = QueryDict(urlsplit(url).query)
    return MovementModelFilterSet(query, queryset=MovementModel.objects.all()).qs.count()


class WordsAgreeEverywhere(TestCase):
    @settings(max_examples=30, deadline=None)
    @given(
        rows=st.lists(a_model(), max_size=25),
        year=st.one_of(st.none(), st.sampled_from(YEARS)),
    )
    def test_dashboard_list_and_rule_agree(self, rows, year):
        agency, unit, field = AgencyFactory(), AdministrativeUnitFactory(), FieldFactory()
        models = MovementModel.objects.bulk_create(
            MovementModelFactory.build(
                owner_agency=agency, registered_unit=unit, field=field, year_started=2015,
                status=status, recognition_year=recognised, removal_year=removed, is_typical=typical,
            )
            for status, recognised, removed, typical in rows
        )
        scope = figures.Scope(agency=None, unit=None, year=year, sees_draft_meetings=True, today=TODAY)

        data = figures.compute(scope, Directive.objects.none())

        headline = {figure["key"]: figure for figure in data["headline"]}
        for key, value in expected(models, year).items():
            assert headline[key]["value"] == value, key
            assert list_count(headline[key]["url"]) == value, key
        for row in data["by_year"]:
            assert row["total"] == sum(1 for model in models if in_list_at_end_of(model, row["year"]))
            assert row["new"] == sum(1 for model in models if model.recognition_year == row["year"])
            assert list_count(row["total_url"]) == row["total"]
            assert list_count(row["new_url"]) == row["new"]
            assert list_count(row["removed_url"]) == row["removed"]


def test_the_rule_in_python_matches_the_statuses_of_the_list():
    """The plain rule's "in the list today" is the workflow's "recognised, flagged or under review"."""
    for status in ModelStatus:
        row = MovementModel(status=status, recognition_year=2020 if status in RECOGNISED_STATUSES else None)
        assert in_list_today(row) == (status in IN_LIST_STATUSES)

