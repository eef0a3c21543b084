"""The dashboard fits in a few screens: the year chosen at the top (this year, the last complete year, by default
the last complete year while this year has no decision), long tables summarised with "see all", and an Excel
workbook whose sheets have whole-word names and whose count columns say what they count."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from dashboard.exports import sheet_name
from tests.factories import AgencyFactory

from .conftest import recognised
from .helpers import figure

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")
THIS_YEAR = timezone.localdate().year


def test_with_no_decision_this_year_the_page_shows_the_last_complete_year_and_says_so(client, leader, province):
    client.force_login(leader)
    response = client.get(URL)
    page = response.content.decode()
    assert response.context["scope"].year == THIS_YEAR - 1
    assert f"No model has been recognised or removed in {THIS_YEAR} yet" in page
    assert f"the figures of {THIS_YEAR - 1}, the last complete year" in page
    current = [choice for choice in response.context["year_choices"] if choice["current"]]
    assert [choice["label"] for choice in current] == [f"Last complete year ({THIS_YEAR - 1})"]
    # Its exports are of the year shown.
    assert f"export.pdf?year={THIS_YEAR - 1}" in page


def test_this_year_is_one_click_away_even_without_a_decision(client, leader, province):
    client.force_login(leader)
    this_year = next(c for c in client.get(URL).context["year_choices"] if str(THIS_YEAR) in c["label"])
    response = client.get(URL + this_year["url"])
    assert response.context["scope"].year is None
    assert "last complete year." not in response.content.decode()
    assert figure(response, "in_list") == 4


def test_with_a_decision_this_year_the_page_opens_on_this_year(client, leader, province):
    recognised(recognition_year=THIS_YEAR, owner_agency=province.models["m2"].owner_agency,
               registered_unit=province.new_commune, field=province.fields[0])
    client.force_login(leader)
    response = client.get(URL)
    assert response.context["scope"].year is None
    assert "last complete year." not in response.content.decode()
    assert figure(response, "new") == 1


def test_the_year_choice_is_on_top_and_not_folded_away(client, leader, province):
    client.force_login(leader)
    page = client.get(URL, {"year": 2023}).content.decode()
    year_box = page.index('name="year"')
    assert year_box < page.index('<details class="filters')
    assert year_box < page.index('id="headline-title"')
    assert f"This year ({THIS_YEAR})" in page and f"Last complete year ({THIS_YEAR - 1})" in page


def test_the_quick_choices_keep_the_agency(client, leader, province, agency):
    client.force_login(leader)
    choices = client.get(URL, {"agency": agency.pk, "year": 2023}).context["year_choices"]
    assert all(f"agency={agency.pk}" in choice["url"] for choice in choices)
    assert not any(choice["current"] for choice in choices)  # 2023 is neither


def test_a_long_table_shows_ten_rows_and_the_rest_behind_see_all(client, leader, province):
    for number in range(12):
        agency = AgencyFactory(name=f"Cơ quan thử {number:02d}", short_name=f"CQ {number:02d}")
        recognised(owner_agency=agency, registered_unit=province.other_commune, field=province.fields[0],
                   recognition_year=2022)
    client.force_login(leader)
    response = client.get(URL, {"year": 2023})
    page = response.content.decode()
    rows = response.context["data"]["by_agency"]
    assert len(rows) == 14
    summary = page[page.index('id="table-by_agency"'):page.index('id="see-all-agencies"')]
    rest = page[page.index('id="see-all-agencies"'):]
    rest = rest[:rest.index("</details>")]
    assert summary.count('<th scope="row">') == 10
    assert rest.count('<th scope="row">') == 4
    assert "See all 14 agencies" in rest
    for row in rows[10:]:
        assert row["label"] in rest and row["label"] not in summary
    # Units and directives: too few here for a "see all".
    assert 'id="see-all-units"' not in page and 'id="see-all-directives"' not in page


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Models in the list by owning agency (with the agencies under it)", "Models in the list by owning"),
        ("Mô hình trong danh sách theo đơn vị hành chính hiện nay", "Mô hình trong danh sách theo"),
        ("Headline: figures [2023]?", "Headline figures 2023"),
        ("Averyveryverylongwordwithoutanyspacesinsideofit", "Averyveryverylongwordwithoutany"),
    ],
)
def test_a_sheet_name_is_cut_between_words(name, shown):
    assert sheet_name(name, set()) == shown
    assert len(shown) <= 31


def test_sheet_names_are_unique():
    used = set()
    names = [sheet_name("Mô hình theo đơn vị hành chính", used) for _ in range(3)]
    assert names == ["Mô hình theo đơn vị hành chính", "Mô hình theo đơn vị hành (2)",
                     "Mô hình theo đơn vị hành (3)"]


def test_the_workbook_has_whole_word_vietnamese_sheet_names_and_count_headers(
    client, leader, province, directives, settings
):
    settings.LANGUAGE_CODE = "vi"
    client.force_login(leader)
    with translation.override("vi"):
        response = client.get(reverse("dashboard:export_xlsx"), {"year": 2023})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Số liệu chính",
        "Mô hình theo lĩnh vực",
        "Mô hình theo cơ quan",
        "Mô hình theo đơn vị hành chính",
        "Mô hình qua các năm",
        "Chỉ đạo theo cơ quan",
    ]
    headers = [next(sheet.iter_rows(min_row=3, max_row=3, values_only=True)) for sheet in book.worksheets]
    assert headers[0][:2] == ("Chỉ tiêu", "Số lượng")  # the headline mixes models and directives
    for header in headers[1:4]:
        assert header[1] == "Số mô hình"
    assert all("Số hiệu" not in header for header in headers)

