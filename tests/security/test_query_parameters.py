"""Every page's query parameters are validated by its FilterSet or form: bad values get a message or an empty
result, never a server error. The cases the issue found first, then hypothesis over every list's parameters."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from compilations.filtersets import NominationFilterSet
from core.search import MAX_SEARCH_WORDS
from dashboard.filters import DashboardFilterSet
from meetings.filtersets import DirectiveFilterSet, MeetingFilterSet, ReferenceDocumentFilterSet
from models_registry.filtersets import ModelScopeFilterSet, MovementModelFilterSet

from . import figures
from .conftest import assert_escaped, fuzz_text

pytestmark = pytest.mark.django_db


def names(filterset_class, *extra):
    return [*filterset_class.base_filters, *extra]


# (who, the page, the parameters it reads)
PAGES = [
    ("everyone", lambda w: "/models/", names(MovementModelFilterSet, "page")),
    ("everyone", lambda w: "/meetings/", names(MeetingFilterSet, "page")),
    ("everyone", lambda w: "/directives/", names(DirectiveFilterSet, "page")),
    ("everyone", lambda w: "/documents/", names(ReferenceDocumentFilterSet, "page")),
    ("everyone", lambda w: "/reviews/", names(ModelScopeFilterSet, "queue", "page")),
    ("everyone", lambda w: "/reviews/candidates/", ["kind", "page"]),
    ("everyone", lambda w: f"/reviews/rounds/{w.round.pk}/", ["outcome", "page"]),
    ("reviewer", lambda w: f"/models/{w.recognised.pk}/flag/", ["round"]),
    ("everyone", lambda w: f"/compilations/{w.compilation.pk}/", names(NominationFilterSet)),
    ("everyone", lambda w: f"/compilations/{w.compilation.pk}/nominate/", ["q", "code"]),
    ("leader", lambda w: "/dashboard/", names(DashboardFilterSet)),
    ("leader", lambda w: "/dashboard/export.xlsx", names(DashboardFilterSet)),
    # Its charts take a second or two to draw; the same filters are fuzzed on the page and the workbook.
    ("official", lambda w: "/dashboard/export.docx", names(DashboardFilterSet), 3),
    ("official", lambda w: "/notifications/", ["page"]),
    # Every list's exports take the list's own filters.
    ("everyone", lambda w: "/models/export.xlsx", names(MovementModelFilterSet)),
    ("everyone", lambda w: "/models/export.csv", names(MovementModelFilterSet)),
    ("everyone", lambda w: "/meetings/export.xlsx", names(MeetingFilterSet)),
    ("everyone", lambda w: "/meetings/export.csv", names(MeetingFilterSet)),
    ("everyone", lambda w: "/directives/export.xlsx", names(DirectiveFilterSet)),
    ("everyone", lambda w: "/directives/export.csv", names(DirectiveFilterSet)),
    ("everyone", lambda w: "/documents/export.xlsx", names(ReferenceDocumentFilterSet)),
    ("everyone", lambda w: "/documents/export.csv", names(ReferenceDocumentFilterSet)),
    ("official", lambda w: "/", ["next", "page"]),
]


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/?year=-5",
        "/meetings/?year=99999999999",
        "/meetings/?year=1e400",
        "/models/?in_list_at=-1&removed_in=99999999999&year_started=1e400&recognition_year=abc",
        "/models/?agency=abc&unit=%00&field=1.5&o=%00&page=%00",
        "/models/?q=%00",
        "/directives/?deadline_after=99999-01-01&meeting=abc&agency=-1&awaiting_confirmation=%00",
        "/dashboard/?year=99999999999&agency=%00&unit=abc",
        "/reviews/?agency=%00&queue=%00&page=-1",
    ],
)
def test_a_bad_query_parameter_gets_a_message_or_an_empty_list(client, world, url):
    client.force_login(world.everyone)
    response = client.get(url)
    assert response.status_code == 200
    form = response.context.get("filter").form if response.context.get("filter") else None
    if form is not None and "%00" not in url.split("q=")[-1]:
        assert form.errors, "the bad value should be named beside its filter"


def test_a_year_out_of_range_says_so(client, world):
    client.force_login(world.everyone)
    response = client.get("/meetings/?year=-5")
    assert response.context["filter"].form.errors["year"] == ["Ensure this value is greater than or equal to 1900."]
    assert list(response.context["object_list"]) == []


def test_a_round_that_is_not_a_number_is_not_found_on_the_flag_page(client, world):
    client.force_login(world.reviewer)
    assert client.get(f"/models/{world.recognised.pk}/flag/?round=abc").status_code == 404
    assert client.get(f"/models/{world.recognised.pk}/flag/?round=99999999999999999999").status_code == 404
    assert client.get(f"/models/{world.recognised.pk}/flag/?round={world.round.pk}").status_code == 200


def test_models_that_are_not_numbers_on_a_round_s_confirmation_change_nothing(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        f"/reviews/rounds/{world.round.pk}/confirm/", {"models": ["abc", str(world.recognised.pk)]}, follow=True
    )
    assert response.status_code == 200
    assert "“abc” is not a valid value." in response.content.decode()
    assert not world.round.entries.filter(outcome="effective").exists()


def test_a_nul_byte_in_the_nomination_search_finds_nothing(client, world):
    client.force_login(world.reviewer)
    response = client.get(f"/compilations/{world.compilation.pk}/nominate/?q=%00")
    assert response.status_code == 200
    assert list(response.context["found"]) == []


def test_a_search_of_too_many_words_is_refused_with_a_message(client, world):
    client.force_login(world.everyone)
    words = " ".join(f"tu{n}" for n in range(MAX_SEARCH_WORDS + 1))
    response = client.get("/models/", {"q": words})
    assert response.status_code == 200
    assert "A search may have at most 12 words or quoted phrases." in response.content.decode()
    assert list(response.context["object_list"]) == []
    response = client.get("/models/", {"q": "a" * 201})
    assert "A search may be at most 200 characters long (this one has 201)." in response.content.decode()
    assert client.get(f"/compilations/{world.compilation.pk}/nominate/", {"q": words}).context["found"] == []


def test_a_search_within_the_bounds_still_finds(client, world):
    client.force_login(world.everyone)
    name = world.recognised.name
    response = client.get("/models/", {"q": name})
    assert world.recognised in response.context["object_list"]


def test_a_page_number_past_the_end_shows_the_last_page(client, world):
    client.force_login(world.everyone)
    first_page = list(client.get("/models/").context["object_list"])
    assert first_page, "the world has models this user may see"
    for page in ("999", "99999999999999999999"):  # the second one is past the database's integers
        response = client.get("/models/", {"page": page})
        assert response.status_code == 200
        assert list(response.context["object_list"]) == first_page  # one page of rows: the last is the first
    assert list(client.get("/models/?page=abc").context["object_list"]) == first_page
    # Unicode calls "²" a digit, but int() refuses it (hypothesis found it): the first page, not a server error.
    assert list(client.get("/models/?page=²").context["object_list"]) == first_page


def test_an_agency_given_as_a_superscript_digit_is_refused_with_a_message(client, world):
    client.force_login(world.reviewer)
    response = client.post("/reviews/rounds/new/", {"agencies": "¹"})
    assert response.status_code == 200
    assert response.context["form"].errors["agencies"]


def params_for(parameters):
    """Any subset of the page's parameters, each with one or several fuzzed values."""
    return st.dictionaries(
        st.sampled_from(parameters), st.one_of(fuzz_text(), st.lists(fuzz_text(), min_size=1, max_size=3)), max_size=5
    )


@pytest.mark.parametrize("page", PAGES, ids=[str(i) for i in range(len(PAGES))])
def test_every_list_answers_every_query_without_a_server_error(client, world, page):
    who, url, parameters, *most = page
    client.force_login(getattr(world, who))
    client.raise_request_exception = False
    path = url(world)

    examples = hypothesis_settings().max_examples
    @hypothesis_settings(max_examples=min(most[0], examples) if most else examples)
    @given(params_for(parameters))
    def run(params):
        figures.case_run()
        response = client.get(path, params)
        figures.request_made(response.status_code)
        assert response.status_code < 500, f"{path} {params!r}"
        assert response.status_code in (200, 404), f"{path} {params!r}: {response.status_code}"
        assert_escaped(response)

    run()


def test_the_pages_list_every_list_view(world):
    """A new list page must join PAGES: every FilteredListView's URL is here."""
    from django.urls import get_resolver

    from core.views import FilteredListView

    listed = {page[1](world) for page in PAGES}
    for pattern in get_resolver().url_patterns:
        for sub in getattr(pattern, "url_patterns", []):
            view = getattr(sub.callback, "view_class", None)
            if view and issubclass(view, FilteredListView):
                assert reverse(f"{pattern.namespace}:{sub.name}") in listed
