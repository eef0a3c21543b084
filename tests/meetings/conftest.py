"""The data most meetings tests talk about: a published meeting recorded by the secretary, and a
directive of it led by alice's agency (Kim Sơn)."""

import datetime

import pytest
from django.utils import translation

from tests.factories import DirectiveFactory, MeetingFactory


@pytest.fixture(autouse=True)
def _english_interface(settings):
    """These tests read the English source messages (the Vietnamese default interface is checked by the
    registry's tests and the browser tests), so pages and services speak English here."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


# A fixed "today" for everything that depends on the date: the meetings below are of January 2024.
TODAY = datetime.date(2024, 7, 1)


@pytest.fixture
def draft_meeting(secretary):
    return MeetingFactory(created_by=secretary, title="Phiên họp Ban Chỉ đạo quý IV")


@pytest.fixture
def published_meeting(secretary):
    return MeetingFactory(created_by=secretary, published=True, title="Hội nghị tổng kết năm 2023")


@pytest.fixture
def directive(published_meeting, agency):
    """Led by alice's agency; due 30/06/2024."""
    return DirectiveFactory(
        meeting=published_meeting,
        lead=agency,
        text="Đẩy mạnh khảo sát, đánh giá các mô hình “Dân vận khéo” trên các lĩnh vực.",
    )


@pytest.fixture
def alice_part(directive):
    return directive.assignments.get()
