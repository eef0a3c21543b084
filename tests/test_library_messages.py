"""Django's and the libraries' own strings reach officials in Vietnamese, not only the project's."""

import pytest
from django.urls import reverse
from django.utils import translation


def test_strings_the_libraries_catalogues_lack_read_in_vietnamese():
    with translation.override("vi"):
        # Django 6's label for the empty choice of a required drop-down; its Vietnamese catalogue lacks it.
        assert translation.gettext("- Select an option -") == "- Chọn một mục -"
        # django-axes and django-filter ship no Vietnamese at all.
        assert translation.gettext("Access lock out") == "Khóa truy cập"
        assert translation.gettext("Multiple values may be separated by commas.") != (
            "Multiple values may be separated by commas."
        )


@pytest.mark.django_db
def test_list_filters_offer_all_where_django_says_unknown_and_dashes(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("models_registry:list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # The status filter says "In the list", agency/field/level/kind "All", the typical filter "All".
    assert page.count(">Tất cả</option>") >= 3
    assert "---------" not in page and "Unknown" not in page and "Không rõ" not in page
