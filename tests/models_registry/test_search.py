"""Accent-insensitive Vietnamese search: the folding, the search through the list page, and its index."""

import pytest
from django.db import connection

from core.search import SEARCH_HELP, fold, terms
from models_registry.models import MovementModel
from tests.factories import MovementModelFactory

from .helpers import listed, shows


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Dân vận khéo", "dan van kheo"),
        ("ĐƯỜNG GIAO THÔNG", "duong giao thong"),
        ("đường", "duong"),
        ("  Hiến   đất\tlàm\nđường ", "hien dat lam duong"),
        ("Ứng xử văn hóa", "ung xu van hoa"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_saving_a_model_stores_its_folded_text(db):
    model = MovementModelFactory(code="DVK-2023-00042", name="Dân vận khéo", description="Làm ĐƯỜNG")
    assert MovementModel.objects.get(pk=model.pk).search_text == "dvk-2023-00042 dan van kheo lam duong"


def test_renaming_with_update_fields_refreshes_the_folded_text(db):
    model = MovementModelFactory(name="Cũ")
    model.name = "Đường hoa"
    model.save(update_fields=["name"])
    assert MovementModel.objects.get(pk=model.pk).search_text.split(" ", 1)[1].startswith("duong hoa")


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def dan_van_kheo(db):
    return MovementModelFactory(recognised=True, name="Dân vận khéo xây dựng nông thôn mới", description="")


@pytest.fixture
def duong(db):
    return MovementModelFactory(recognised=True, name="Đường cờ Tổ quốc", description="")


@pytest.fixture
def unrelated(db):
    return MovementModelFactory(recognised=True, name="Chi hội phụ nữ tiết kiệm", description="")


def test_search_without_accents_finds_accented_name(signed_in, dan_van_kheo, unrelated):
    response = signed_in.get("/models/", {"q": "dan van kheo"})
    assert listed(response) == [dan_van_kheo.pk]


def test_search_duong_finds_d_with_stroke(signed_in, duong, unrelated):
    response = signed_in.get("/models/", {"q": "duong"})
    assert listed(response) == [duong.pk]


def test_search_in_capitals_finds_lower_case(signed_in, duong, unrelated):
    response = signed_in.get("/models/", {"q": "DUONG"})
    assert listed(response) == [duong.pk]


def test_search_with_accents_finds_the_same(signed_in, dan_van_kheo, unrelated):
    response = signed_in.get("/models/", {"q": "Dân Vận Khéo"})
    assert listed(response) == [dan_van_kheo.pk]


def test_search_by_code(signed_in, unrelated):
    found = MovementModelFactory(recognised=True, code="DVK-2024-00123")
    response = signed_in.get("/models/", {"q": "dvk-2024-00123"})
    assert listed(response) == [found.pk]


def test_search_in_description(signed_in, unrelated):
    found = MovementModelFactory(recognised=True, name="Mô hình A", description="Vận động hiến đất làm đường")
    response = signed_in.get("/models/", {"q": "hien dat"})
    assert listed(response) == [found.pk]


def test_search_is_a_substring_match(signed_in, dan_van_kheo, unrelated):
    response = signed_in.get("/models/", {"q": "nong thon"})
    assert listed(response) == [dan_van_kheo.pk]


def test_search_finds_every_word_in_any_order(signed_in, dan_van_kheo, unrelated):
    found = MovementModelFactory(recognised=True, name="Dân vận khéo trong vận động hiến đất", description="")
    response = signed_in.get("/models/", {"q": "hien dat  dan van kheo"})
    assert listed(response) == [found.pk]
    assert listed(signed_in.get("/models/", {"q": "dan van kheo hien dat nong thon"})) == []  # one word missing


def test_search_in_double_quotes_finds_the_words_together(signed_in, dan_van_kheo, unrelated):
    MovementModelFactory(recognised=True, name="Thôn mới, nông dân vui", description="")
    assert listed(signed_in.get("/models/", {"q": '"nong thon moi"'})) == [dan_van_kheo.pk]
    assert len(listed(signed_in.get("/models/", {"q": "nong thon moi"}))) == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Dân  Vận khéo", ["dan", "van", "kheo"]),
        ('"nông thôn mới" hiến đất', ["nong thon moi", "hien", "dat"]),
        ("“nông thôn” mới", ["nong thon", "moi"]),  # the quotes a Vietnamese keyboard types
        ('"  "  ', []),
        ("", []),
    ],
)
def test_a_query_is_folded_into_words_and_quoted_phrases(query, expected):
    assert terms(query) == expected


def test_search_that_matches_nothing_shows_the_empty_message(signed_in, dan_van_kheo):
    response = signed_in.get("/models/", {"q": "không có mô hình này"})
    assert listed(response) == []
    assert shows(response, "No model matches these filters.")


def test_search_does_not_reveal_other_agencys_drafts(signed_in, other_agency):
    MovementModelFactory(owner_agency=other_agency, name="Dân vận khéo bí mật")
    response = signed_in.get("/models/", {"q": "bi mat", "status": "all"})
    assert listed(response) == []


def test_blank_search_lists_everything(signed_in, dan_van_kheo, duong):
    response = signed_in.get("/models/", {"q": "   "})
    assert sorted(listed(response)) == sorted([dan_van_kheo.pk, duong.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_search_can_use_the_trigram_index(db):
    compiler = MovementModel.objects.search("dan van").query.get_compiler(using=connection.alias)
    sql, params = compiler.as_sql()
    with connection.cursor() as cursor:
        # The table is nearly empty in a test, so the planner prefers scanning it (or walking the primary
        # key for the list's ORDER BY pk). Forbidding both leaves a bitmap scan, which only an index that
        # serves the LIKE can provide. SET LOCAL ends with the test's transaction.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "models_registry_movementmodel_search_trgm" in plan


def test_the_search_box_says_how_it_matches(signed_in):
    assert shows(signed_in.get("/models/"), str(SEARCH_HELP))
