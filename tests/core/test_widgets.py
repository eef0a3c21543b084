"""The shared searchable drop-downs (core.forms.SearchableSelect, SearchableSelectMultiple): the marks
static/js/selects.js looks for, the words it shows in the page's language, and the native select underneath."""

import re

import pytest
from django import forms
from django.utils import translation

from core.forms import Form, SearchableSelect, SearchableSelectMultiple

CHOICES = [("1", "Ban Dân vận Tỉnh ủy"), ("2", "Hội Nông dân tỉnh")]


class PickForm(Form):
    one = forms.ChoiceField(choices=CHOICES, widget=SearchableSelect())
    several = forms.MultipleChoiceField(choices=CHOICES, widget=SearchableSelectMultiple(), required=False)


def test_a_searchable_select_is_a_native_select_marked_for_the_script():
    html = str(PickForm()["one"])
    assert html.startswith('<select name="one"') and 'data-searchable="single"' in html
    assert "multiple" not in html
    assert '<option value="1">Ban Dân vận Tỉnh ủy</option>' in html


def test_a_searchable_multiple_select_keeps_a_list_box_for_the_browser_without_javascript():
    html = str(PickForm()["several"])
    assert 'data-searchable="multiple"' in html and " multiple" in html and 'size="8"' in html


def test_the_words_the_script_shows_are_translated():
    with translation.override("vi"):
        assert 'data-remove-label="Bỏ lựa chọn này"' in str(PickForm()["several"])
        assert 'data-no-results="Không có mục nào khớp"' in str(PickForm()["one"])


def test_several_choices_posted_by_the_native_select_are_all_kept():
    form = PickForm({"one": "1", "several": ["1", "2"]})
    assert form.is_valid()
    assert form.cleaned_data["several"] == ["1", "2"]


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/models/", ["agency", "unit"]),
        ("/reviews/", ["agency", "unit"]),
        ("/meetings/", ["organiser"]),
        ("/directives/", ["agency"]),
    ],
)
def test_the_lists_long_filters_are_searchable(client, db, path, names):
    from accounts.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(agency=None, roles=[Role.REVIEWER, Role.SECRETARY, Role.LEADER]))
    page = client.get(path).content.decode()
    for name in names:
        assert re.search(rf'<select name="{name}"[^>]*data-searchable="single"', page), name
