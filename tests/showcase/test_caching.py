"""A public page is kept as rendered until what it shows changes (showcase.views.kept_until_changed): a citizen's
second visit costs one small query, and a change, once committed, is on the page at its next visit. Each change is
made in a transaction of its own, as a service or the admin makes it, and its commit callbacks run (the version moves
when a change commits)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from models_registry.models import ModelIndicator
from tests.factories import ModelIndicatorFactory

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(captured)


@pytest.mark.parametrize(
    "url", ["/public/", "/public/en/models/", "/public/compilations/{compilation}/", "/public/models/{code}/"]
)
def test_a_page_seen_again_is_answered_from_the_cache_with_one_query(client, world, url):
    url = url.format(compilation=world.compilation.pk, code=world.public_model.code)
    first, rendered = get(client, url)
    again, kept = get(client, url)
    assert kept == 1 < rendered  # the registry version, nothing else
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Cache-Control"] == first["Cache-Control"]
    assert again["Content-Language"] == first["Content-Language"]


def test_each_language_is_its_own_page(client, world):
    vietnamese, _ = get(client, "/public/models/")
    english, _ = get(client, "/public/en/models/")
    assert 'lang="vi"' in vietnamese.content.decode() and 'lang="en"' in english.content.decode()


def test_a_search_or_a_filter_is_drawn_for_every_reader_and_never_kept(client, world):
    """Searches are as many as anyone types: keeping each would let a visitor fill the cache."""
    get(client, "/public/models/?q=duong+lang")
    again, queries = get(client, "/public/models/?q=duong+lang")
    assert queries > 1  # the list read again, not only the version
    assert "Đường làng hiến đất Kim Chính" in again.content.decode()
    assert "Đường làng hiến đất Kim Chính" not in get(client, "/public/models/?q=thap+sang")[0].content.decode()


def test_a_renamed_field_is_shown_once_the_change_is_committed(client, world, django_capture_on_commit_callbacks):
    url = f"/public/models/{world.public_model.code}/"
    assert "Giao thông nông thôn" in get(client, url)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        world.road.name = "Giao thông và hạ tầng nông thôn"
        world.road.save()
    page = get(client, url)[0].content.decode()
    assert "Giao thông và hạ tầng nông thôn" in page


def test_a_new_result_and_a_new_write_up_are_shown_once_committed(client, world, django_capture_on_commit_callbacks):
    model_url = f"/public/models/{world.public_model.code}/"
    compilation_url = f"/public/compilations/{world.compilation.pk}/"
    get(client, model_url)  # both pages kept before the change
    get(client, compilation_url)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ModelIndicatorFactory(model=world.public_model, indicator_type=world.land, value=4200, year=2024)
        world.entry.write_up = "Đã mở rộng thêm 2 km đường liên xã."
        world.entry.save()
    assert "2024" in get(client, model_url)[0].content.decode()
    assert "Đã mở rộng thêm 2 km đường liên xã." in get(client, compilation_url)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ModelIndicator.objects.filter(model=world.public_model, year=2024).delete()
    assert "2024" not in get(client, model_url)[0].content.decode()


def test_a_model_no_longer_public_is_not_found_though_its_page_was_kept(
    client, world, django_capture_on_commit_callbacks
):
    url = f"/public/models/{world.public_model.code}/"
    get(client, url)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        world.public_model.is_typical = False
        world.public_model.save()
    assert client.get(url).status_code == 404


def test_a_page_not_found_is_not_kept(client, world):
    assert client.get("/public/models/MH-0000-9999/").status_code == 404
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/public/models/MH-0000-9999/").status_code == 404
    assert len(captured) > 1  # looked up again, not answered from the cache
