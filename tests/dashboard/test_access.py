"""Who sees the dashboard (a permission matrix, tests/permissions.py), and of what."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory
from tests.permissions import Row, cells, check, check_other_method, expect, other_methods

from .helpers import figure

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")


# Everyone with a role sees the dashboard and takes it away as a file, each of their own scope (below).
MATRIX = [
    Row("dashboard:index", lambda w: URL, expect(200, nobody=403)),
    Row("dashboard:export_xlsx", lambda w: reverse("dashboard:export_xlsx"), expect(200, nobody=403)),
    Row("dashboard:export_docx", lambda w: reverse("dashboard:export_docx"), expect(200, nobody=403)),
    Row("dashboard:export_pdf", lambda w: reverse("dashboard:export_pdf"), expect(200, nobody=403)),
    Row("dashboard:start_report", lambda w: reverse("dashboard:start_report", args=["xlsx"]), expect(302, nobody=403),
        method="post", label="start the Excel report"),
    Row("dashboard:start_report", lambda w: reverse("dashboard:start_report", args=["docx"]), expect(302, nobody=403),
        method="post", label="start the Word report"),
]


@pytest.fixture
def world(province):
    return province


@cells(MATRIX)
def test_access(client, request, world, row, role):
    check(client, request, world, row, role)


@pytest.mark.django_db
@other_methods(MATRIX)
def test_the_other_method(client, request, world, row, method):
    check_other_method(client, request, world, row, method)


@pytest.mark.parametrize("role", ["leader", "reviewer", "secretary", "administrator"])
def test_the_steering_roles_see_the_province(client, request, role, province):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["scope"].agency is None
    assert figure(response, "in_list") == 4


def test_an_official_sees_their_agency_and_the_agencies_under_it(client, alice, province, agency, sub_agency):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["scope"].agency == agency
    assert figure(response, "in_list") == 2  # m1 (sub_agency) and m2; not Yên Mô's


def test_an_official_cannot_lift_the_limit(client, alice, province, other_agency, agency):
    client.force_login(alice)
    response = client.get(URL, {"agency": other_agency.pk})
    # Another agency is not among the choices: the form refuses it and the figures stay Kim Sơn's.
    assert response.context["filter"].errors
    assert response.context["scope"].agency == agency
    assert figure(response, "in_list") == 2


def test_an_official_may_narrow_to_an_agency_under_theirs(client, alice, province, sub_agency):
    client.force_login(alice)
    response = client.get(URL, {"agency": sub_agency.pk})
    assert response.context["scope"].agency == sub_agency
    assert figure(response, "in_list") == 1


def test_an_official_without_an_agency_is_refused(client, db):
    user = UserFactory(username="lost", agency=None, roles=[Role.OFFICIAL])
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_a_leader_lands_on_the_dashboard(client, leader):
    client.force_login(leader)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == URL


@pytest.mark.parametrize("role", ["alice", "reviewer", "secretary"])
def test_others_find_the_dashboard_from_the_home_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert f'href="{URL}"' in response.content.decode()


def test_no_dashboard_link_for_a_user_without_a_role(client, nobody):
    client.force_login(nobody)
    assert f'href="{URL}"' not in client.get(reverse("home")).content.decode()


def test_the_page_is_vietnamese_by_default(client, leader, settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "vi"
    client.force_login(leader)
    with translation.override("vi"):
        response = client.get(URL)
    assert response.status_code == 200
    assert '<html lang="vi"' in response.content.decode()


def test_the_charts_are_drawn_by_a_local_script_from_json_data(client, leader, province):
    client.force_login(leader)
    page = client.get(URL).content.decode()
    assert '<script id="dashboard-data" type="application/json">' in page
    assert "/static/vendor/chartjs/chart.umd.min.js" in page
    assert "/static/js/dashboard.js" in page
    assert "<script>" not in page  # no inline script: the CSP allows only 'self'
    assert page.count("<canvas") == 4
    assert page.count("chart-table") == 4
