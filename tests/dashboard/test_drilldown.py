"""Every number the dashboard shows opens a list that finds exactly that many rows."""

import json
import re

import pytest
from django.urls import reverse

from .helpers import directive_figure, figure, figure_links, list_count

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")


def assert_every_link_counts_right(client, response):
    links = figure_links(response)
    assert links, "the page shows no linked figure"
    # Each distinct list is opened once: the bars of the charts link to the same lists as the table cells, and
    # nothing changes the data between two requests of one test.
    counts = {}

    def count(url):
        if url not in counts:
            counts[url] = list_count(client, url)
        return counts[url]

    wrong = [(url, shown, count(url)) for url, shown in links]
    assert [row for row in wrong if row[1] != row[2]] == []
    # The charts' data as the page hands it to the browser (the figures' part of the page may come from the cache).
    found = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', response.content.decode())
    chart = json.loads(found.group(1))
    series = [chart["by_field"], chart["by_agency"], chart["by_unit"], *chart["by_year"]["series"]]
    for bars in series:
        for value, url in zip(bars["values"], bars["urls"], strict=True):
            if url:
                assert count(url) == value, url
    return links


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?year=2023",
        "?year=2022",
        "?year=2024",
        "?agency={agency}",
        "?unit={new_commune}",
        "?unit={province}&year=2023",
    ],
)
def test_every_figure_of_the_leaders_dashboard_matches_its_list(client, leader, province, directives, agency, query):
    client.force_login(leader)
    query = query.format(agency=agency.pk, new_commune=province.new_commune.pk, province=province.province.pk)

    response = client.get(URL + query)

    assert response.status_code == 200
    links = assert_every_link_counts_right(client, response)
    assert len(links) > 20


def test_the_figures_today(client, leader, province, directives):
    client.force_login(leader)
    response = client.get(URL)
    assert figure(response, "in_list") == 4
    assert figure(response, "flagged") == 1
    assert figure(response, "under_review") == 1
    assert figure(response, "typical") == 1
    # The draft directive counts for the leader, who reads the secretariat's drafts.
    assert response.context["data"]["directives"]["total"] == 4


def test_the_figures_of_2023(client, leader, province):
    client.force_login(leader)
    response = client.get(URL, {"year": 2023})
    assert figure(response, "in_list") == 5  # m6 was still in the list: removed in 2024
    assert figure(response, "new") == 2
    assert figure(response, "removed") == 1
    years = {row["year"]: row for row in response.context["data"]["by_year"]}
    assert (years[2021]["new"], years[2021]["total"]) == (2, 2)
    assert (years[2022]["new"], years[2022]["total"]) == (2, 4)
    assert (years[2023]["new"], years[2023]["removed"], years[2023]["total"]) == (2, 1, 5)
    assert (years[2024]["removed"], years[2024]["total"]) == (1, 4)


def test_a_model_of_a_merged_commune_counts_under_the_commune_of_today(client, leader, province):
    client.force_login(leader)
    response = client.get(URL)
    units = {row["label"]: row["value"] for row in response.context["data"]["by_unit"]}
    # m1 was registered in Xã Cũ, merged into Xã Mới in 2025; m4, registered in the district, is under neither.
    assert units == {"Xã Mới": 2, "Xã Khác": 1}


def test_agencies_count_with_the_agencies_under_them(client, leader, province, agency, other_agency):
    client.force_login(leader)
    response = client.get(URL)
    agencies = {row["label"]: row["value"] for row in response.context["data"]["by_agency"]}
    assert agencies == {agency.short_name: 2, other_agency.short_name: 2}


def test_the_officials_dashboard_matches_its_lists_too(client, alice, province, directives):
    client.force_login(alice)
    response = client.get(URL)
    assert figure(response, "in_list") == 2
    assert_every_link_counts_right(client, response)


def test_directive_figures(client, leader, alice, province, directives):
    client.force_login(leader)
    response = client.get(URL)
    assert directive_figure(response, "overdue") == 1
    assert directive_figure(response, "done") == 1
    rows = {row["label"]: row for row in response.context["data"]["directives"]["by_agency"]}
    kim_son = rows["BDV Kim Sơn"]
    # Its own overdue directive, its sub-agency's done one, the ongoing one sub_agency co-operates in, and the
    # draft meeting's directive it has a part in.
    assert (kim_son["assigned"], kim_son["done"], kim_son["overdue"]) == (4, 1, 1)

    client.force_login(alice)  # an official does not read the draft meeting
    response = client.get(URL)
    assert response.context["data"]["directives"]["total"] == 3


def test_replicated_models_and_the_most_replicated(client, leader, province):
    client.force_login(leader)
    response = client.get(URL)

    # m1 (by m2 and m3) and m2 (by m4); m5's replica m6 was removed, m2's replica m7 is a draft.
    assert figure(response, "replicated") == 2
    top = [(row["code"], row["spread"]) for row in response.context["data"]["most_replicated"]]
    m1, m2 = province.models["m1"], province.models["m2"]
    assert top == [(m1.code, 3), (m2.code, 1)]  # m1: m2, m3 directly and m4 onward
    page = response.content.decode()
    assert f'href="{m1.get_absolute_url()}"' in page
    # The figure opens the list filtered by the same word, sorted by spread: m1 first.
    url = next(f["url"] for f in response.context["data"]["headline"] if f["key"] == "replicated")
    listed = client.get(url)
    assert [model.code for model in listed.context["models"]] == [m1.code, m2.code]


def test_replicated_models_in_a_year_and_for_an_agency(client, leader, province, other_agency):
    client.force_login(leader)
    assert figure(client.get(URL, {"year": 2023}), "replicated") == 2
    assert figure(client.get(URL, {"agency": other_agency.pk}), "replicated") == 0
