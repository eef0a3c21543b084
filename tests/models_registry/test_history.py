"""The change history on a model's page: who changed what, from what to what, newest first."""

import html
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.roles import Role
from core.templatetags.formatting import display_number
from models_registry.models import (
    AdministrativeUnit,
    Field,
    IndicatorType,
    ModelAttachment,
    ModelIndicator,
    MovementModel,
)
from tests.factories import AdministrativeUnitFactory, UserFactory

from .helpers import edit_model_data, in_default_language, new_model_data

PDF = b"%PDF-1.4 evidence"


@pytest.fixture
def economic(db):
    return Field.objects.get(name="Kinh tế")


@pytest.fixture
def culture(db):
    return Field.objects.get(name="Văn hóa – xã hội")


@pytest.fixture
def workdays(db):
    return IndicatorType.objects.get(name="Ngày công lao động")


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def model(signed_in, agency, economic):
    """A draft alice registered through the form, so its history is the application's own."""
    data = new_model_data(
        owner_agency=agency, registered_unit=AdministrativeUnitFactory(), field=economic, name="Tên cũ"
    )
    response = signed_in.post("/models/new/", data)
    assert response.status_code == 302
    return MovementModel.objects.get()


def edit(client, model, **changes):
    response = client.post(f"/models/{model.pk}/edit/", edit_model_data(model, **changes))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response


def timeline(client, model):
    response = client.get(model.get_history_url())
    assert response.status_code == 200
    return response, response.context["timeline"]


def change_lines(entry) -> list[tuple[str, str, str]]:
    return [(change.label, change.old, change.new) for change in entry.changes]


def label(model_field_name):
    with translation.override(settings.LANGUAGE_CODE):
        return str(MovementModel._meta.get_field(model_field_name).verbose_name).capitalize()


def number(value):
    with translation.override(settings.LANGUAGE_CODE):
        return display_number(Decimal(value))


def shows_change(response, label_text, old, new) -> bool:
    line = (
        f'<span class="label">{html.escape(label_text)}:</span> '
        f"<del>{html.escape(old)}</del> → <ins>{html.escape(new)}</ins>"
    )
    return line in response.content.decode()


def test_creation_is_the_first_entry_with_its_author(signed_in, alice, model):
    response, entries = timeline(signed_in, model)
    assert (entries[-1].who, entries[-1].summary) == (alice, in_default_language("Created the model"))
    created = in_default_language("Created the model")
    assert f"<strong>{alice}</strong> · {created}" in response.content.decode()


def test_field_change_shows_old_and_new_value(signed_in, alice, model):
    edit(signed_in, model, name="Tên mới")
    response, entries = timeline(signed_in, model)
    assert entries[0].who == alice
    assert entries[0].summary == in_default_language("Changed the model")
    assert change_lines(entries[0]) == [(label("name"), "Tên cũ", "Tên mới")]
    assert shows_change(response, label("name"), "Tên cũ", "Tên mới")


def test_foreign_key_change_is_shown_by_name(signed_in, model, culture):
    edit(signed_in, model, field=culture)
    response, entries = timeline(signed_in, model)
    assert change_lines(entries[0]) == [(label("field"), "Kinh tế", "Văn hóa – xã hội")]
    assert shows_change(response, label("field"), "Kinh tế", "Văn hóa – xã hội")


def test_unit_change_is_shown_by_name(signed_in, model):
    old_unit = model.registered_unit
    hoa_lu = AdministrativeUnit.objects.get(code="14329", valid_to__isnull=True)
    edit(signed_in, model, registered_unit=hoa_lu)
    _response, entries = timeline(signed_in, model)
    assert change_lines(entries[0]) == [(label("registered_unit"), old_unit.name, "Phường Hoa Lư")]


def test_owner_agency_change_is_shown_by_name(signed_in, model, agency, sub_agency):
    edit(signed_in, model, owner_agency=sub_agency)
    _response, entries = timeline(signed_in, model)
    assert change_lines(entries[0]) == [(label("owner_agency"), agency.name, sub_agency.name)]


def test_choice_change_is_shown_by_its_label(signed_in, model):
    edit(signed_in, model, level="province")
    _response, entries = timeline(signed_in, model)
    assert change_lines(entries[0]) == [
        (label("level"), in_default_language("Commune level"), in_default_language("Provincial level"))
    ]


def test_cooperating_agencies_change_is_shown_by_names(signed_in, model, other_agency, sub_agency):
    edit(signed_in, model, cooperating_agencies=[other_agency.pk, sub_agency.pk])
    response, entries = timeline(signed_in, model)
    names = ", ".join(sorted([other_agency.name, sub_agency.name]))
    assert change_lines(entries[0]) == [(in_default_language("Co-operating agencies"), "—", names)]
    assert shows_change(response, in_default_language("Co-operating agencies"), "—", names)


def test_saving_without_changes_adds_no_entry(signed_in, model):
    _response, before = timeline(signed_in, model)
    edit(signed_in, model)
    _response, after = timeline(signed_in, model)
    assert len(after) == len(before)


def test_indicator_added_is_recorded(signed_in, alice, model, workdays):
    edit(signed_in, model, indicators=[{"indicator_type": workdays, "value": "1200", "year": "2023"}])
    response, entries = timeline(signed_in, model)
    expected = in_default_language(
        "Recorded indicator %(label)s: %(value)s", label=f"{workdays.name} 2023", value=number("1200")
    )
    assert (entries[0].who, entries[0].summary) == (alice, expected)
    assert html.escape(expected) in response.content.decode()


def test_indicator_changed_is_recorded(signed_in, model, workdays):
    edit(signed_in, model, indicators=[{"indicator_type": workdays, "value": "1200", "year": "2023"}])
    edit(signed_in, model, indicators=[{"indicator_type": workdays, "value": "1500", "year": "2023"}])
    _response, entries = timeline(signed_in, model)
    assert entries[0].summary == in_default_language(
        "Changed indicator %(label)s to %(value)s", label=f"{workdays.name} 2023", value=number("1500")
    )


def test_indicator_removed_is_recorded(signed_in, model, workdays):
    edit(signed_in, model, indicators=[{"indicator_type": workdays, "value": "1200", "year": "2023"}])
    row = {"indicator_type": workdays, "value": "1200", "year": "2023", "DELETE": "on"}
    edit(signed_in, model, indicators=[row])
    _response, entries = timeline(signed_in, model)
    assert not ModelIndicator.objects.filter(model=model).exists()
    assert entries[0].summary == in_default_language(
        "Removed indicator %(label)s (was %(value)s)", label=f"{workdays.name} 2023", value=number("1200")
    )


def test_attachment_added_is_recorded(signed_in, alice, model):
    edit(signed_in, model, new_attachments=[SimpleUploadedFile("bien-ban.pdf", PDF)])
    _response, entries = timeline(signed_in, model)
    assert (entries[0].who, entries[0].summary) == (
        alice,
        in_default_language("Attached %(name)s", name="bien-ban.pdf"),
    )


def test_attachment_removed_is_recorded(signed_in, model):
    edit(signed_in, model, new_attachments=[SimpleUploadedFile("bien-ban.pdf", PDF)])
    attachment = ModelAttachment.objects.get()
    edit(signed_in, model, remove_attachments=[attachment.pk])
    _response, entries = timeline(signed_in, model)
    assert entries[0].summary == in_default_language("Removed attachment %(name)s", name="bien-ban.pdf")


def test_timeline_is_newest_first(signed_in, model):
    edit(signed_in, model, name="Lần 1")
    edit(signed_in, model, name="Lần 2")
    _response, entries = timeline(signed_in, model)
    assert [change_lines(e)[0][2] for e in entries[:2]] == ["Lần 2", "Lần 1"]
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)


def test_history_rows_record_the_user_for_model_indicator_and_attachment(signed_in, alice, model, workdays):
    edit(
        signed_in,
        model,
        name="Tên mới",
        indicators=[{"indicator_type": workdays, "value": "10", "year": "2023"}],
        new_attachments=[SimpleUploadedFile("bien-ban.pdf", PDF)],
    )
    assert list(model.history.values_list("history_type", "name", "history_user")) == [
        ("~", "Tên mới", alice.pk),
        ("+", "Tên cũ", alice.pk),
    ]
    assert list(ModelIndicator.history.values_list("history_type", "history_user")) == [("+", alice.pk)]
    assert list(ModelAttachment.history.values_list("history_type", "history_user")) == [("+", alice.pk)]


def test_another_officials_edit_is_attributed_to_them(signed_in, client, model, agency):
    carol = UserFactory(username="carol", agency=agency, roles=[Role.OFFICIAL])
    client.force_login(carol)
    edit(client, model, name="Carol sửa")
    _response, entries = timeline(client, model)
    assert entries[0].who == carol
    assert model.history.first().history_user == carol


def test_one_save_changing_fields_and_agencies_is_one_entry(signed_in, model, other_agency):
    edit(signed_in, model, name="Tên mới của mô hình", cooperating_agencies=[other_agency.pk])
    _response, entries = timeline(signed_in, model)
    labels = [change[0] for change in change_lines(entries[0])]
    assert in_default_language("Co-operating agencies") in labels
    assert len(labels) == 2
    assert entries[1].summary == in_default_language("Created the model")
