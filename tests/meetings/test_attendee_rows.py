"""The attendee rows grow and shrink in the browser (static/js/formsets.js): a 20-person conference is saved in
one go, a row removed before it was saved is left out, and the page gives the script its empty row. Without
JavaScript the same posts come from the blank rows and the "Remove" boxes."""

import re

import pytest

from meetings.choices import AttendanceRole
from meetings.models import Meeting
from tests.factories import AgencyFactory

from .test_meeting_views import CHAIR_ROW, _meeting_post

pytestmark = pytest.mark.django_db


def test_twenty_attendees_added_in_the_browser_are_saved_at_once(client, secretary):
    organiser = AgencyFactory()
    client.force_login(secretary)
    others = [{"full_name": f"Đại biểu {n}", "role": AttendanceRole.ATTENDEE} for n in range(1, 20)]
    response = client.post("/meetings/new/", _meeting_post(organiser, CHAIR_ROW, *others))
    assert response.status_code == 302
    names = list(Meeting.objects.get().attendances.order_by("order").values_list("full_name", flat=True))
    assert names == ["Mai Văn Tuất"] + [f"Đại biểu {n}" for n in range(1, 20)]


def test_a_row_removed_before_it_was_saved_is_left_out_even_half_filled(client, secretary):
    organiser = AgencyFactory()
    client.force_login(secretary)
    # Typed into (a second chair, no name), then removed: the script ticks its DELETE box and hides it.
    removed = {"title": "Phó Chủ tịch", "role": AttendanceRole.CHAIR, "DELETE": "on"}
    response = client.post("/meetings/new/", _meeting_post(organiser, CHAIR_ROW, removed))
    assert response.status_code == 302
    assert list(Meeting.objects.get().attendances.values_list("full_name", flat=True)) == ["Mai Văn Tuất"]


def test_the_form_gives_the_script_an_empty_row_and_says_which_agency_column_to_fill(client, secretary):
    client.force_login(secretary)
    page = client.get("/meetings/new/").content.decode()
    template = re.search(r"<template data-formset-empty>(.*?)</template>", page, re.S).group(1)
    for name in ("full_name", "title", "agency", "agency_name", "role", "DELETE"):
        assert f'name="attendees-__prefix__-{name}"' in template
    assert "Full name, row __number__" in template
    assert 'data-formset="attendees"' in page and "Add a row" in page
    # The two agency columns: one chosen from the list, the other only for a name that differs.
    assert "Agency (from the list)" in page and "Or its name that day" in page
    assert "only when the agency is not in the list" in page
    # The agency of each row and the organisers can be searched.
    assert 'data-searchable="single"' in re.search(r'<select name="attendees-0-agency"[^>]*>', page).group(0)
    assert 'data-searchable="multiple"' in re.search(r'<select name="organisers"[^>]*>', page).group(0)
