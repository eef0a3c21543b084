"""Dates are typed and shown dd/mm/yyyy, times 24-hour, whatever the browser's or the interface's language."""

import datetime

import pytest
from django import forms
from django.utils import translation

from core.forms import DatePicker, TimePicker


class _Form(forms.Form):
    day = forms.DateField(widget=DatePicker())
    at = forms.TimeField(widget=TimePicker())


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("05/12/2026", datetime.date(2026, 12, 5)),  # 5 December, never 12 May
        ("5/12/2026", datetime.date(2026, 12, 5)),
        ("05-12-2026", datetime.date(2026, 12, 5)),
        ("05.12.2026", datetime.date(2026, 12, 5)),
        ("05/12/26", datetime.date(2026, 12, 5)),
        ("2026-12-05", datetime.date(2026, 12, 5)),  # ISO, as links carry it
    ],
)
def test_a_typed_date_is_day_first_in_both_languages(language, typed, day):
    with translation.override(language):
        form = _Form(data={"day": typed, "at": "8h00"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {"day": day, "at": datetime.time(8, 0)}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_and_a_time_are_shown_day_first_and_24_hour(language):
    with translation.override(language):
        html = str(_Form(initial={"day": datetime.date(2026, 11, 30), "at": datetime.time(14, 30)}))
    assert 'type="text" name="day" value="30/11/2026"' in html and 'data-picker="date"' in html
    assert 'type="text" name="at" value="14:30"' in html and 'data-picker="time"' in html


def test_an_impossible_date_is_refused_with_a_message():
    with translation.override("vi"):
        form = _Form(data={"day": "31/02/2026", "at": "25:00"})
        assert not form.is_valid()
        assert set(form.errors) == {"day", "at"}


@pytest.mark.django_db
def test_the_meeting_form_takes_a_day_first_date_and_a_24_hour_time(client, secretary):
    client.force_login(secretary)
    page = client.get("/meetings/new/").content.decode()
    assert 'name="date"' in page and 'data-picker="date"' in page and 'data-picker="time"' in page
    assert 'type="date"' not in page and 'type="time"' not in page
