"""Text fields drop the control characters no document format can hold, keep tab and line breaks, and turn
Word's line and page breaks into line breaks: in every form, and before every save of any model."""

import importlib
import pkgutil

import pytest
from django import forms

from core.forms import CleanTextMixin
from core.text import clean_text
from meetings.models import Meeting
from models_registry.models import Agency, MovementModel
from tests.factories import AdministrativeUnitFactory, AgencyFactory, FieldFactory
from tests.models_registry.helpers import new_model_data

from .conftest import DROPPED


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Dòng 1\x0bDòng 2", "Dòng 1\nDòng 2"),  # Word's line break
        ("Trang 1\x0cTrang 2", "Trang 1\nTrang 2"),  # Word's page break
        ("a\tb\r\nc\nd", "a\tb\r\nc\nd"),  # tab and line breaks stay
        (f"Dân{DROPPED}\x00 vận", "Dân vận"),
        ("", ""),
    ],
)
def test_clean_text(typed, kept):
    assert clean_text(typed) == kept


def test_what_is_not_text_is_left_alone():
    assert clean_text(None) is None and clean_text(5) == 5


def _project_forms():
    for app in ("compilations", "meetings", "models_registry"):
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".forms" in info.name or info.name.endswith("filtersets"):
                importlib.import_module(info.name)
    found, pending = set(), [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in ("compilations", "meetings", "models_registry"):
                found.add(subclass)
    return found


def test_every_form_of_the_project_cleans_its_text_fields():
    project_forms = _project_forms()
    assert len(project_forms) > 20
    assert [form for form in project_forms if not issubclass(form, CleanTextMixin)] == []


@pytest.mark.django_db
def test_the_model_form_stores_word_s_line_break_as_a_line_break(client, alice, agency):
    client.force_login(alice)
    data = new_model_data(
        owner_agency=agency,
        registered_unit=AdministrativeUnitFactory(),
        field=FieldFactory(),
        name="Dân vận\x00 khéo\x1b",
        description="Bước 1\x0bBước 2",
    )
    response = client.post("/models/new/", data)
    assert response.status_code == 302
    model = MovementModel.objects.get()
    assert (model.name, model.description) == ("Dân vận khéo", "Bước 1\nBước 2")


@pytest.mark.django_db
def test_the_meeting_form_keeps_the_minutes_line_breaks(client, secretary):
    organiser = AgencyFactory()
    client.force_login(secretary)
    response = client.post(
        "/meetings/new/",
        {
            "title": "Hội nghị\x07 sơ kết",
            "kind": "steering_committee",
            "organisers": [organiser.pk],
            "date": "2024-01-16",
            "place": "Hội trường",
            "agenda": "1. Khai mạc\x0b2. Thảo luận",
            "minutes": "Đoạn 1\x0c\x0cĐoạn 2",
            "attendees-TOTAL_FORMS": "1",
            "attendees-INITIAL_FORMS": "0",
            "attendees-MIN_NUM_FORMS": "0",
            "attendees-MAX_NUM_FORMS": "1000",
            "attendees-0-full_name": "Mai Văn\x1f Tuất",
            "attendees-0-title": "Phó Bí thư",
            "attendees-0-agency_name": "Tỉnh ủy",
            "attendees-0-role": "chair",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.agenda) == ("Hội nghị sơ kết", "1. Khai mạc\n2. Thảo luận")
    assert meeting.minutes == "Đoạn 1\n\nĐoạn 2"
    assert meeting.attendances.get().full_name == "Mai Văn Tuất"


@pytest.mark.django_db
def test_any_model_saved_by_any_path_is_cleaned_before_it_is_written():
    agency = Agency(name="Ban\x00 Dân vận\x0b", short_name="BDV\x1b")
    agency.save()
    agency.refresh_from_db()
    assert (agency.name, agency.short_name) == ("Ban Dân vận\n", "BDV")
