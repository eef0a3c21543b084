"""A directive's status is derived from its assignments and dates, in one place (directive_status), as of a
given day: overdue is computed, never stored."""

import datetime

import pytest

from meetings.choices import AssignmentRole, AssignmentState, DirectiveStatus
from meetings.models import Directive
from tests.factories import DirectiveAssignmentFactory, DirectiveFactory

from .conftest import TODAY

OPEN, IN_PROGRESS, DONE, CONFIRMED = (
    AssignmentState.OPEN,
    AssignmentState.IN_PROGRESS,
    AssignmentState.DONE,
    AssignmentState.CONFIRMED,
)
YESTERDAY, TOMORROW = TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)


def _directive(states, deadline):
    directive = DirectiveFactory(lead=False, deadline=deadline, is_ongoing=deadline is None)
    for number, state in enumerate(states):
        DirectiveAssignmentFactory(
            directive=directive, state=state, role=AssignmentRole.LEAD if number == 0 else AssignmentRole.COOPERATING
        )
    return directive


@pytest.mark.django_db
@pytest.mark.parametrize(
    "states, deadline, expected",
    [
        ([OPEN], TOMORROW, DirectiveStatus.OPEN),
        ([OPEN], TODAY, DirectiveStatus.OPEN),  # due today is not overdue yet
        ([OPEN], YESTERDAY, DirectiveStatus.OVERDUE),
        ([IN_PROGRESS], TOMORROW, DirectiveStatus.IN_PROGRESS),
        ([IN_PROGRESS], YESTERDAY, DirectiveStatus.OVERDUE),
        ([DONE], TOMORROW, DirectiveStatus.IN_PROGRESS),  # reported done, not confirmed yet
        ([DONE], YESTERDAY, DirectiveStatus.OVERDUE),
        ([CONFIRMED], YESTERDAY, DirectiveStatus.DONE),
        ([CONFIRMED, OPEN], TOMORROW, DirectiveStatus.IN_PROGRESS),  # a co-operating agency still has to report
        ([CONFIRMED, DONE], YESTERDAY, DirectiveStatus.OVERDUE),
        ([CONFIRMED, CONFIRMED], YESTERDAY, DirectiveStatus.DONE),
        ([OPEN], None, DirectiveStatus.OPEN),  # regular/ongoing: never overdue
        ([IN_PROGRESS], None, DirectiveStatus.IN_PROGRESS),
        ([CONFIRMED], None, DirectiveStatus.DONE),
        ([], YESTERDAY, DirectiveStatus.OVERDUE),  # no part at all is never done
    ],
)
def test_status_rule(states, deadline, expected):
    directive = _directive(states, deadline)

    assert Directive.objects.with_status(TODAY).get(pk=directive.pk).current_status == expected


@pytest.mark.django_db
def test_domain_words_agree_with_the_annotation():
    done = _directive([CONFIRMED], YESTERDAY)
    overdue = _directive([IN_PROGRESS], YESTERDAY)
    in_progress = _directive([IN_PROGRESS], TOMORROW)
    still_open = _directive([OPEN], None)

    assert list(Directive.objects.done(TODAY)) == [done]
    assert list(Directive.objects.overdue(TODAY)) == [overdue]
    assert list(Directive.objects.in_progress(TODAY)) == [in_progress]
    assert list(Directive.objects.open(TODAY)) == [still_open]


@pytest.mark.django_db
def test_it_becomes_overdue_when_the_day_passes_without_any_write():
    directive = _directive([IN_PROGRESS], TODAY)

    assert Directive.objects.with_status(TODAY).get(pk=directive.pk).status == DirectiveStatus.IN_PROGRESS
    tomorrow = Directive.objects.with_status(TOMORROW).get(pk=directive.pk)
    assert tomorrow.status == DirectiveStatus.OVERDUE
    assert tomorrow.is_overdue


@pytest.mark.django_db
def test_the_property_reads_the_annotation_without_another_query(django_assert_num_queries):
    _directive([CONFIRMED], YESTERDAY)
    directive = Directive.objects.with_status(TODAY).get()

    with django_assert_num_queries(0):
        assert directive.status == DirectiveStatus.DONE
        assert directive.get_status_display() == DirectiveStatus.DONE.label
