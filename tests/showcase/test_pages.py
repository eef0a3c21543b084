"""What each public page shows, to a visitor who is not signed in."""

import html
import re

import pytest
from django.urls import reverse

from .conftest import FLAGGED_WRITE_UP, INTERNAL, WRITE_UP

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_index_lists_the_published_compilations_and_the_typical_models(client, world):
    page = text(client.get("/public/"))
    assert world.compilation.title in page
    assert reverse("showcase:compilation", args=[world.compilation.pk]) in page
    assert world.public_model.name in page and world.flagged_model.name in page
    assert world.listed_not_typical.name not in page
    assert INTERNAL["open compilation"] not in page


def test_a_compilation_shows_its_entries_with_write_up_photo_field_units_agency_and_results(client, world):
    page = text(client.get(f"/public/compilations/{world.compilation.pk}/"))
    assert WRITE_UP in page and FLAGGED_WRITE_UP in page
    assert f'src="/public/photos/{world.entry.pk}/"' in page
    assert world.road.name in page and world.light.name in page
    assert world.public_model.owner_agency.name in page
    assert world.merged_commune.name in page  # as registered
    assert world.commune_today.name in page  # as today
    assert "Diện tích đất hiến" in page and "3.500 m²" in page
    # The entry left out of the compilation is not in it.
    assert INTERNAL["left-out write-up"] not in page


def test_a_compilation_being_prepared_is_not_found(client, world):
    assert client.get(f"/public/compilations/{world.open_compilation.pk}/").status_code == 404


def test_the_model_page_has_a_stable_address_by_code(client, world):
    page = text(client.get(f"/public/models/{world.public_model.code}/"))
    assert world.public_model.name in page and WRITE_UP in page
    assert world.merged_commune.name in page and world.commune_today.name in page
    assert "3.500 m²" in page
    assert f"/public/compilations/{world.compilation.pk}/" in page
    assert f'src="/public/photos/{world.entry.pk}/"' in page


@pytest.mark.parametrize("name", ["draft", "removed", "listed_not_typical", "open_entry"])
def test_no_page_for_a_model_that_is_not_public(client, world, name):
    record = getattr(world, name)
    model = getattr(record, "model", record)
    assert client.get(f"/public/models/{model.code}/").status_code == 404


def test_the_list_searches_without_diacritics(client, world):
    page = text(client.get("/public/models/", {"q": "duong lang hien dat"}))
    assert world.public_model.name in page
    assert world.flagged_model.name not in page


def test_the_search_never_finds_what_is_not_public(client, world):
    page = text(client.get("/public/models/", {"q": "zqx"}))
    assert "ZQX" not in page


def test_the_search_reads_only_what_the_public_pages_show(client, world):
    # The description is internal: a word from it finds nothing, though the model itself is public.
    internal_word = INTERNAL["description"].split()[-1]
    assert world.public_model.name not in text(client.get("/public/models/", {"q": internal_word}))
    assert world.public_model.name in text(client.get("/public/models/", {"q": world.public_model.code}))


def test_the_list_filters_by_field(client, world):
    page = text(client.get("/public/models/", {"field": world.light.pk}))
    assert world.flagged_model.name in page and world.public_model.name not in page


def test_the_list_filters_by_todays_commune_finding_models_of_the_communes_merged_into_it(client, world):
    page = text(client.get("/public/models/", {"unit": world.commune_today.pk}))
    assert world.public_model.name in page and world.flagged_model.name not in page


def test_a_unit_that_is_not_a_commune_today_is_refused_with_a_message(client, world):
    page = text(client.get("/public/models/", {"unit": world.merged_commune.pk}))
    assert world.public_model.name not in page
    assert 'class="error"' in page


def test_the_list_pages_by_keys(client, world, monkeypatch):
    monkeypatch.setattr("showcase.views.PAGE_SIZE", 1)
    first = text(client.get("/public/models/"))
    names = {world.public_model.name, world.flagged_model.name}
    on_first = {name for name in names if name in first}
    assert len(on_first) == 1
    next_link = html.unescape(re.search(r'<a href="([^"]+)" rel="next">', first).group(1))
    assert "after=" in next_link
    second = text(client.get("/public/models/" + next_link))
    assert {name for name in names if name in second} == names - on_first
    assert 'rel="next"' not in second


def test_the_photo_is_served_for_a_published_entry_only(client, world):
    response = client.get(f"/public/photos/{world.entry.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert world.entry.photo_name not in response["Content-Disposition"]
    assert world.public_model.code in response["Content-Disposition"]
    assert client.get(f"/public/photos/{world.open_entry.pk}/").status_code == 404
    assert client.get(f"/public/photos/{world.left_out.pk}/").status_code == 404


def test_the_english_pages_are_one_click_away(client, world):
    vietnamese = text(client.get(f"/public/models/{world.public_model.code}/"))
    assert f'href="/public/en/models/{world.public_model.code}/"' in vietnamese
    assert "Lĩnh vực" in vietnamese
    english = client.get(f"/public/en/models/{world.public_model.code}/")
    page = text(english)
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in page and "Field" in page and "Measurable results" in page
    # Its links stay in English, and it switches back.
    assert f'href="/public/en/compilations/{world.compilation.pk}/"' in page
    assert f'href="/public/models/{world.public_model.code}/"' in page


def test_the_switch_keeps_the_filters(client, world):
    page = text(client.get("/public/models/", {"q": "duong"}))
    assert 'href="/public/en/models/?q=duong"' in page


def test_a_language_cookie_does_not_change_a_public_page(client, world):
    client.cookies["django_language"] = "en"
    page = text(client.get("/public/"))
    assert '<html lang="vi">' in page


def test_switched_off_the_showcase_is_not_found_and_not_linked(client, world, settings):
    settings.PUBLIC_SHOWCASE_ENABLED = False
    for url in ("/public/", "/public/en/", "/public/models/", f"/public/models/{world.public_model.code}/",
                f"/public/photos/{world.entry.pk}/", "/public/models.csv", "/public/models.json"):
        assert client.get(url).status_code == 404, url
    assert "/public/" not in client.get("/accounts/login/").content.decode()


def test_the_login_page_links_to_the_showcase(client, db):
    assert 'href="/public/"' in client.get("/accounts/login/").content.decode()


def test_the_home_page_links_to_the_showcase(client, world):
    client.force_login(world.official)
    assert 'href="/public/"' in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/public/models/", "/public/models.csv", "/public/en/models.json"])
@pytest.mark.parametrize("query", [
    "unit=%00&field=abc", "field=1.5&unit=-1", "q=%00", "after=%00", "before=not-a-cursor", "page=%00",
    "page=99999999999999999999", "after=W1swXV0=",
])
def test_a_bad_query_parameter_never_breaks_a_public_list(client, world, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)
