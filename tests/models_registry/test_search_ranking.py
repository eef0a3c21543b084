"""A searched list ranks its models (the name before the description, then by code) and marks the words found, in
the name and in a snippet of the description, escaped, whatever the diacritics typed."""

import re

import pytest

from core.search import highlight, snippet
from tests.factories import MovementModelFactory

from .helpers import listed, page_link


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def model(code, name, description=""):
    return MovementModelFactory(recognised=True, code=code, name=name, description=description)


@pytest.fixture
def ranked_models(db):
    """Codes in the reverse of the expected order, so sorting by code alone would list them backwards."""
    return {
        "in_description": model("DVK-1", "Chi hội tiết kiệm", "Cách làm dân vận khéo ở thôn"),
        "words_in_name_apart": model("DVK-2", "Khéo léo trong công tác dân vận", ""),
        "one_word_in_name": model("DVK-3", "Dân quân tự quản", "Vận động khéo léo"),
        "phrase_in_name": model("DVK-4", "Dân vận khéo xây dựng nông thôn mới", ""),
    }


def test_matches_in_the_name_come_before_matches_in_the_description(signed_in, ranked_models):
    response = signed_in.get("/models/", {"q": "dan van kheo"})
    order = ["phrase_in_name", "words_in_name_apart", "one_word_in_name", "in_description"]
    assert listed(response) == [ranked_models[key].pk for key in order]


def test_equal_matches_are_listed_by_code(signed_in):
    later, earlier = model("DVK-9", "Đường hoa"), model("DVK-5", "Đường cờ")
    assert listed(signed_in.get("/models/", {"q": "duong"})) == [earlier.pk, later.pk]


def test_a_sort_chosen_by_the_reader_wins_over_the_rank(signed_in, ranked_models):
    response = signed_in.get("/models/", {"q": "dan van kheo", "o": "-code"})
    assert listed(response) == [ranked_models[key].pk for key in
                                ["phrase_in_name", "one_word_in_name", "words_in_name_apart", "in_description"]]


def test_ranked_pages_follow_one_another_without_gaps_or_repeats(signed_in, ranked_models, settings):
    settings.REGISTRY_PAGE_SIZE = 3
    first = signed_in.get("/models/", {"q": "dan van kheo"})
    second = signed_in.get("/models/", {key: values[0] for key, values in page_link(first, "next").items()})
    back = signed_in.get("/models/", {key: values[0] for key, values in page_link(second, "prev").items()})
    everything = [ranked_models[key].pk for key in
                  ["phrase_in_name", "words_in_name_apart", "one_word_in_name", "in_description"]]
    assert listed(first) + listed(second) == everything
    assert listed(back) == everything[:3]
    assert listed(signed_in.get("/models/", {"q": "dan van kheo", "page": "last"})) == everything[-3:]  # full


def test_too_many_matches_to_rank_are_listed_by_code_and_the_list_says_so(signed_in, ranked_models, settings):
    # Ranking computes the rank of every match before the first row: at a national registry's half a million
    # matches that is most of a second, so above the limit the list is ordered by code (an index) instead.
    settings.SEARCH_RANK_MAX_MATCHES = 3
    response = signed_in.get("/models/", {"q": "dan van kheo"})
    by_code = ["in_description", "words_in_name_apart", "one_word_in_name", "phrase_in_name"]
    assert listed(response) == [ranked_models[key].pk for key in by_code]
    assert 'id="too-many-to-rank"' in response.content.decode()
    counted = response.context["page_obj"].paginator
    assert (counted.count, counted.capped) == (4, False)  # still exact below REGISTRY_COUNT_CAP

    settings.SEARCH_RANK_MAX_MATCHES = 4  # as many matches as the limit: ranked, and no notice
    response = signed_in.get("/models/", {"q": "dan van kheo"})
    assert listed(response)[0] == ranked_models["phrase_in_name"].pk
    assert 'id="too-many-to-rank"' not in response.content.decode()


def test_a_searched_list_counts_its_matches_once(signed_in, ranked_models, django_assert_max_num_queries):
    plain = signed_in.get("/models/")
    with django_assert_max_num_queries(len(plain.context["page_obj"]) and 99) as captured:
        signed_in.get("/models/", {"q": "dan van kheo"})
    counts = [query for query in captured.captured_queries if query["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1, [query["sql"][:300] for query in counts]


def test_the_words_found_are_marked_in_the_name_and_a_snippet_of_the_description(signed_in, ranked_models):
    page = signed_in.get("/models/", {"q": "dan van kheo"}).content.decode()
    assert "<mark>Dân vận khéo</mark> xây dựng nông thôn mới" in page
    assert "<mark>Khéo</mark> léo trong công tác <mark>dân vận</mark>" in page
    assert '<p class="match-snippet">Cách làm <mark>dân vận khéo</mark> ở thôn</p>' in page


def test_without_a_search_nothing_is_marked(signed_in, ranked_models):
    page = signed_in.get("/models/").content.decode()
    assert "<mark>" not in page and "match-snippet" not in page


def test_a_name_with_markup_is_escaped_and_still_marked(signed_in):
    model("X-1", "<script>alert('dân vận')</script>", "<img src=x onerror=alert(1)> dân vận")
    page = signed_in.get("/models/", {"q": "dan van"}).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;<mark>dân vận</mark>&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>dân vận</mark>" in page


def test_searching_for_markup_marks_the_text_not_the_escapes(signed_in):
    model("X-2", "Hội <b>nông dân</b>")
    page = signed_in.get("/models/", {"q": "<b>"}).content.decode()
    assert "Hội <mark>&lt;b&gt;</mark>nông dân<mark>&lt;/b&gt;</mark>" not in page  # only what was typed
    assert "Hội <mark>&lt;b&gt;</mark>nông dân&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        ("Đường cờ Tổ quốc", "duong co", "<mark>Đường cờ</mark> Tổ quốc"),  # words side by side: one mark
        ("Đường cờ Tổ quốc", "to duong", "<mark>Đường</mark> cờ <mark>Tổ</mark> quốc"),
        ("Đường cờ Tổ quốc", "ĐƯỜNG", "<mark>Đường</mark> cờ Tổ quốc"),
        ("Hiến  đất   làm đường", '"dat lam"', "Hiến  <mark>đất   làm</mark> đường"),  # spaces fold to one
        ("Ứng xử văn hóa", "ung xu", "<mark>Ứng xử</mark> văn hóa"),
        ("Không có", "duong", "Không có"),
        ("a < b & c", "b", "a &lt; <mark>b</mark> &amp; c"),
    ],
)
def test_highlight_maps_folded_matches_back_to_the_vietnamese_text(text, query, marked):
    assert highlight(text, query) == marked


def test_a_snippet_is_a_short_window_around_the_first_match():
    text = "Mở đầu. " + "chữ " * 80 + "Vận động hiến đất làm đường giao thông nông thôn. " + "kết " * 80
    shown = snippet(text, "hien dat")
    assert shown.startswith("… ") and shown.endswith(" …")
    assert "<mark>hiến đất</mark>" in shown
    assert len(re.sub(r"</?mark>", "", shown)) <= 170
    assert snippet(text, "khong co") == ""
