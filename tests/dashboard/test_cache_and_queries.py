"""The figures are cached under the registry version; any change moves the version and the figures.
The page runs the same number of queries however many models there are."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import versioning
from meetings import services as meeting_services
from meetings.choices import AssignmentState
from models_registry import services
from models_registry.choices import ModelStatus
from tests.factories import MovementModelFactory, ReviewFlagFactory

from .conftest import recognised
from .helpers import directive_figure, figure

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")


def test_a_removal_decision_moves_the_figures(client, leader, reviewer, province, django_capture_on_commit_callbacks):
    client.force_login(leader)
    flagged = province.models["m3"]
    ReviewFlagFactory(model=flagged, flagged_by=reviewer)
    year = datetime.date.today().year
    before = client.get(URL)
    assert (figure(before, "in_list"), figure(before, "removed"), figure(before, "flagged")) == (4, 0, 1)
    version = versioning.current()

    with django_capture_on_commit_callbacks(execute=True):
        services.flag_decide(
            model=flagged,
            user=reviewer,
            keep=False,
            comment="Không còn hoạt động.",
            decision_number="45/QĐ-BCĐ",
            decision_date=datetime.date(year, 1, 15),
        )

    assert versioning.current() > version
    after = client.get(URL)
    assert (figure(after, "in_list"), figure(after, "removed"), figure(after, "flagged")) == (3, 1, 0)


def test_without_a_change_the_cached_figures_are_served(client, leader, province):
    client.force_login(leader)
    client.get(URL)
    # Written behind the signals' back (no version bump): the cached page does not see it.
    MovementModelFactory._meta.model.objects.filter(pk=province.models["m2"].pk).update(
        status=ModelStatus.REMOVED, removal_year=2024
    )
    assert figure(client.get(URL), "in_list") == 4
    versioning._bump_now()
    assert figure(client.get(URL), "in_list") == 3


def test_confirming_a_directive_moves_the_figures(
    client, leader, secretary, province, directives, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    assert directive_figure(client.get(URL), "overdue") == 1
    part = directives["overdue"].assignments.get()
    part.state = AssignmentState.DONE
    part.save()

    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.assignment_confirm(assignment=part, user=secretary, comment="Đã hoàn thành.")

    response = client.get(URL)
    assert directive_figure(response, "overdue") == 0
    assert directive_figure(response, "done") == 2


def test_the_version_is_bumped_once_per_transaction(province, django_capture_on_commit_callbacks):
    version = versioning.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for model in province.models.values():
            model.save()
    assert len(callbacks) == 1
    assert versioning.current() == version + 1


def test_many_savepoints_bump_once_at_commit(province, django_capture_on_commit_callbacks):
    """A bulk load calls a service per row, each in a savepoint of its own: the version still moves by one."""
    version = versioning.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for model in province.models.values():
            with transaction.atomic():
                model.save()
    assert versioning.current() == version + 1


def test_a_change_kept_between_rolled_back_savepoints_still_bumps(province, django_capture_on_commit_callbacks):
    """A registration made in a savepoint that rolls back goes with it; the change kept between two refused ones
    still moves the version, once."""
    first, second = list(province.models.values())[:2]

    def refused(model):
        try:
            with transaction.atomic():
                model.save()
                raise RuntimeError("refused")
        except RuntimeError:
            pass

    version = versioning.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        refused(first)
        with transaction.atomic():
            second.save()
        refused(first)
    assert versioning.current() == version + 1


def _queries(client, query=""):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL + query).status_code == 200
    return len(context)


@pytest.mark.parametrize("query", ["", "?year=2023", "?unit={unit}&agency={agency}"])
def test_the_number_of_queries_does_not_grow_with_the_models(client, leader, province, agency, query):
    client.force_login(leader)
    query = query.format(unit=province.province.pk, agency=agency.pk)
    few = _queries(client, query)
    for year in range(2015, 2024):
        for field in province.fields:
            for unit in (province.old_commune, province.other_commune, province.new_commune):
                recognised(
                    owner_agency=agency, registered_unit=unit, field=field, recognition_year=year, year_started=2015
                )
    assert _queries(client, query) == few


def test_a_cached_page_reads_no_models(client, leader, province):
    client.force_login(leader)
    client.get(URL)
    with CaptureQueriesContext(connection) as context:
        client.get(URL)
    assert not [q for q in context.captured_queries if "models_registry_movementmodel" in q["sql"]]


def test_refresh_dashboard_recomputes_after_a_bulk_import(client, leader, province):
    import io

    from django.core.management import call_command

    client.force_login(leader)
    assert figure(client.get(URL), "in_list") == 4
    MovementModelFactory._meta.model.objects.filter(pk=province.models["m8"].pk).update(
        status=ModelStatus.RECOGNISED, recognition_year=2024
    )
    assert figure(client.get(URL), "in_list") == 4  # no signal, no new version
    call_command("refresh_dashboard", stdout=io.StringIO())
    assert figure(client.get(URL), "in_list") == 5


def _shown(response, key) -> int:
    """A headline figure as the page shows it (not the view's data): the cached HTML must follow the figures."""
    found = re.search(rf'data-figure="{key}"><strong>([\d.,]+)</strong>', response.content.decode())
    return int(re.sub(r"\D", "", found.group(1)))


def test_the_figures_html_is_rendered_once_per_version_and_language(client, leader, settings, province):
    client.force_login(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    first = client.get(URL)
    assert "dashboard/includes/figures.html" in [template.name for template in first.templates]
    again = client.get(URL)
    assert "dashboard/includes/figures.html" not in [template.name for template in again.templates]
    assert _shown(again, "in_list") == _shown(first, "in_list") == 4
    # The same figures in English are rendered apart, in English, and cached too.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL)
    assert "dashboard/includes/figures.html" in [template.name for template in english.templates]
    assert "The registry" in english.content.decode() and "The registry" not in first.content.decode()
    assert _shown(english, "in_list") == 4


def test_a_change_shows_at_once_in_the_cached_html(client, leader, province, django_capture_on_commit_callbacks):
    client.force_login(leader)
    assert _shown(client.get(URL), "in_list") == 4
    with django_capture_on_commit_callbacks(execute=True):
        MovementModelFactory._meta.model.objects.filter(pk=province.models["m2"].pk).update(
            status=ModelStatus.REMOVED, removal_year=2024
        )
        versioning._bump_now()
    assert _shown(client.get(URL), "in_list") == 3
