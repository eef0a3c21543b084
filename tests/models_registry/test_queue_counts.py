"""The queues' counts (the review queue's tabs, the home page's panel) are the lengths of the queues themselves,
for any scope a reviewer narrows to, in one query."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from models_registry.models import MovementModel
from models_registry.queues import QUEUES, queue, queue_counts
from tests.factories import AgencyFactory, MovementModelFactory, ReviewFlagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting():
    kim_son, yen_mo = AgencyFactory(name="BDV Kim Sơn"), AgencyFactory(name="BDV Yên Mô")
    for agency, submitted in ((kim_son, 3), (yen_mo, 1)):
        MovementModelFactory.create_batch(submitted, submitted=True, owner_agency=agency)
        MovementModelFactory(recognised=True, owner_agency=agency)  # in the list: in no queue
        MovementModelFactory(owner_agency=agency)  # a draft
    overdue = timezone.localdate() - timedelta(days=1)
    ReviewFlagFactory(model=MovementModelFactory(flagged=True, owner_agency=kim_son), deadline=overdue)
    ReviewFlagFactory(model=MovementModelFactory(flagged=True, owner_agency=yen_mo))  # not yet due
    answered = MovementModelFactory(status="under_review", owner_agency=yen_mo)
    ReviewFlagFactory(model=answered, answered_at=timezone.now())
    return kim_son


def lengths(models):
    return {key: queue(models, key).count() for key in QUEUES}


def test_each_count_is_its_queues_length_in_one_query(waiting):
    everything = MovementModel.objects.all()
    with CaptureQueriesContext(connection) as queries:
        counts = queue_counts(everything)
    assert len(queries) == 1
    assert counts == lengths(everything) == {"submitted": 4, "overdue": 1, "answered": 1}


def test_a_narrowed_scope_counts_only_its_models(waiting):
    kim_son = MovementModel.objects.filter(owner_agency=waiting)
    assert queue_counts(kim_son) == lengths(kim_son) == {"submitted": 3, "overdue": 1, "answered": 0}


def test_nobody_to_count_gives_zeros(waiting):
    assert queue_counts(MovementModel.objects.none()) == {"submitted": 0, "overdue": 0, "answered": 0}
