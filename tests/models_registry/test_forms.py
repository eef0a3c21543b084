"""Validation of the model form (new and edit), its indicator rows and its evidence files."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from models_registry import services
from models_registry.models import IndicatorType, ModelAttachment, ModelIndicator, MovementModel
from tests.factories import (
    AdministrativeUnitFactory,
    FieldFactory,
    ModelIndicatorFactory,
    MovementModelFactory,
    UserFactory,
)

from .helpers import edit_model_data, error_codes, error_messages, in_default_language, new_model_data, shows

THIS_YEAR = timezone.localdate().year
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def workdays(db):
    return IndicatorType.objects.get(name="Ngày công lao động")


@pytest.fixture
def land(db):
    return IndicatorType.objects.get(name="Diện tích đất hiến")


@pytest.fixture
def form_data(agency):
    """A valid new-model form for alice's agency; call it with overrides (None removes a field)."""
    unit, field = AdministrativeUnitFactory(), FieldFactory()

    def build(**overrides):
        defaults = {"owner_agency": agency, "registered_unit": unit, "field": field}
        return new_model_data(**{**defaults, **overrides})

    return build


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def assert_nothing_saved():
    assert not MovementModel.objects.exists()
    assert not ModelIndicator.objects.exists()
    assert not ModelAttachment.objects.exists()


def post_new(client, data):
    response = client.post("/models/new/", data)
    assert response.status_code == 200, "the form should have been refused"
    return response


# Creating ----------------------------------------------------------------------------------------


def test_valid_form_creates_a_draft(signed_in, alice, agency, form_data):
    response = signed_in.post("/models/new/", form_data(name="Hiến đất làm đường"))
    model = MovementModel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/models/{model.pk}/"
    assert (model.name, model.owner_agency, model.status, model.created_by, model.version) == (
        "Hiến đất làm đường",
        agency,
        "draft",
        alice,
        1,
    )


def test_new_models_are_numbered_per_year(signed_in, form_data):
    MovementModelFactory(code=f"DVK-{THIS_YEAR}-00007")
    signed_in.post("/models/new/", form_data(name="Mô hình thứ tám"))
    assert MovementModel.objects.get(name="Mô hình thứ tám").code == f"DVK-{THIS_YEAR}-00008"


def test_valid_form_saves_indicator_rows_and_ignores_blank_ones(signed_in, form_data, workdays, land):
    rows = [
        {"indicator_type": workdays, "value": "1200", "year": "2023"},
        {"indicator_type": land, "value": "3500.5", "year": "2023"},
        {"indicator_type": "", "value": "", "year": ""},
    ]
    signed_in.post("/models/new/", form_data(indicators=rows))
    indicators = MovementModel.objects.get().indicators.values_list("indicator_type__name", "value", "year")
    assert sorted(indicators) == [
        (land.name, Decimal("3500.5"), 2023),
        (workdays.name, Decimal("1200"), 2023),
    ]


def test_valid_form_saves_cooperating_agencies(signed_in, form_data, other_agency, sub_agency):
    signed_in.post("/models/new/", form_data(cooperating_agencies=[other_agency.pk, sub_agency.pk]))
    assert set(MovementModel.objects.get().cooperating_agencies.all()) == {other_agency, sub_agency}


REQUIRED = ["name", "kind", "owner_agency", "registered_unit", "field", "level", "year_started"]


@pytest.mark.parametrize("missing", REQUIRED)
def test_missing_required_field_is_refused(signed_in, form_data, missing):
    response = post_new(signed_in, form_data(**{missing: None}))
    assert error_codes(response.context["form"], missing) == ["required"]
    assert shows(response, "This field is required.")
    assert_nothing_saved()


@pytest.mark.parametrize("blank", REQUIRED)
def test_blank_required_field_is_refused(signed_in, form_data, blank):
    response = post_new(signed_in, form_data(**{blank: ""}))
    assert error_codes(response.context["form"], blank) == ["required"]
    assert_nothing_saved()


def test_year_started_in_the_future_is_refused(signed_in, form_data):
    response = post_new(signed_in, form_data(year_started=str(THIS_YEAR + 1)))
    assert error_messages(response.context["form"].errors["year_started"]) == [
        in_default_language("The year started cannot be in the future.")
    ]
    assert shows(response, "The year started cannot be in the future.")
    assert_nothing_saved()


def test_year_started_before_the_movement_is_refused(signed_in, form_data):
    response = post_new(signed_in, form_data(year_started="1989"))
    assert error_codes(response.context["form"], "year_started") == ["min_value"]
    assert_nothing_saved()


def test_a_new_model_ignores_recognition_and_typical_typed_into_the_form(signed_in, form_data):
    """The recognition and the typical mark are the workflow's: a draft never carries them, so it counts in no
    yearly figure (it used to count as "new in 2023" when its official typed the year)."""
    response = signed_in.post(
        "/models/new/",
        form_data(recognition_year="2023", recognition_decision="15/QĐ-BCĐ", recognising_body="BCĐ", is_typical="on"),
    )
    assert response.status_code == 302
    model = MovementModel.objects.get()
    assert (model.recognition_year, model.recognition_decision, model.recognising_body, model.is_typical) == (
        None, "", "", False,
    )
    assert not MovementModel.objects.recognised_in(2023).exists()


def test_editing_a_recognised_model_cannot_rewrite_its_recognition_or_typical_mark(client, alice, agency):
    model = MovementModelFactory(owner_agency=agency, recognised=True, recognition_year=2022)
    client.force_login(alice)
    data = edit_model_data(model, recognition_year="2024", recognition_decision="99/QĐ", is_typical="on")

    response = client.post(f"/models/{model.pk}/edit/", data)

    assert response.status_code == 302
    model.refresh_from_db()
    assert (model.recognition_year, model.recognition_decision, model.is_typical) == (2022, "123/QĐ-BCĐ", False)
    assert MovementModel.objects.recognised_in(2022).filter(pk=model.pk).exists()



def test_owner_agency_outside_officials_subtree_is_refused(signed_in, form_data, other_agency):
    response = post_new(signed_in, form_data(owner_agency=other_agency))
    assert error_codes(response.context["form"], "owner_agency") == ["invalid_choice"]
    assert_nothing_saved()


def test_owner_agency_above_officials_agency_is_refused(client, form_data, agency, sub_agency):
    carol = UserFactory(username="carol", agency=sub_agency, roles=["official"])
    client.force_login(carol)
    response = post_new(client, form_data(owner_agency=agency))
    assert error_codes(response.context["form"], "owner_agency") == ["invalid_choice"]
    assert_nothing_saved()


def test_owner_agency_below_officials_agency_is_accepted(signed_in, form_data, sub_agency):
    response = signed_in.post("/models/new/", form_data(owner_agency=sub_agency))
    assert response.status_code == 302
    assert MovementModel.objects.get().owner_agency == sub_agency


def test_service_refuses_owner_agency_outside_officials_subtree(alice, other_agency):
    # The form hides other agencies; the service refuses them too, for callers other than the form.
    data = {
        "name": "Mô hình",
        "owner_agency": other_agency,
        "registered_unit": AdministrativeUnitFactory(),
        "field": FieldFactory(),
        "level": "commune",
        "year_started": 2021,
    }
    with pytest.raises(PermissionDenied):
        services.model_create(user=alice, data=data)
    assert_nothing_saved()


def test_cooperating_agency_equal_to_owner_is_refused(signed_in, form_data, agency, other_agency):
    response = post_new(signed_in, form_data(cooperating_agencies=[agency.pk, other_agency.pk]))
    assert error_messages(response.context["form"].errors["cooperating_agencies"]) == [
        in_default_language("The owning agency cannot also be a co-operating agency.")
    ]
    assert_nothing_saved()


# Indicator rows ----------------------------------------------------------------------------------


def test_duplicate_indicator_type_and_year_is_refused(signed_in, form_data, workdays):
    rows = [
        {"indicator_type": workdays, "value": "100", "year": "2023"},
        {"indicator_type": workdays, "value": "200", "year": "2023"},
    ]
    response = post_new(signed_in, form_data(indicators=rows))
    assert error_messages(response.context["formset"].non_form_errors()) == [
        in_default_language("Each indicator can be recorded only once per year.")
    ]
    assert shows(response, "Each indicator can be recorded only once per year.")
    assert_nothing_saved()


def test_same_indicator_in_two_years_is_accepted(signed_in, form_data, workdays):
    rows = [
        {"indicator_type": workdays, "value": "100", "year": "2022"},
        {"indicator_type": workdays, "value": "200", "year": "2023"},
    ]
    signed_in.post("/models/new/", form_data(indicators=rows))
    assert sorted(MovementModel.objects.get().indicators.values_list("year", flat=True)) == [2022, 2023]


def test_negative_indicator_value_is_refused(signed_in, form_data, workdays):
    rows = [{"indicator_type": workdays, "value": "-5", "year": "2023"}]
    response = post_new(signed_in, form_data(indicators=rows))
    assert error_codes(response.context["formset"].forms[0], "value") == ["min_value"]
    assert_nothing_saved()


def test_indicator_for_a_future_year_is_refused(signed_in, form_data, workdays):
    rows = [{"indicator_type": workdays, "value": "5", "year": str(THIS_YEAR + 1)}]
    response = post_new(signed_in, form_data(indicators=rows))
    assert error_messages(response.context["formset"].forms[0].errors["year"]) == [
        in_default_language("Results cannot be recorded for a future year.")
    ]
    assert_nothing_saved()


def test_indicator_row_without_value_is_refused(signed_in, form_data, workdays):
    rows = [{"indicator_type": workdays, "value": "", "year": "2023"}]
    response = post_new(signed_in, form_data(indicators=rows))
    assert error_codes(response.context["formset"].forms[0], "value") == ["required"]
    assert_nothing_saved()


# Evidence files ----------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused(signed_in, form_data, settings):
    # 21 MB against the 20 MB limit, scaled down to kilobytes to keep the test fast.
    settings.MAX_UPLOAD_SIZE = 20 * 1024
    too_big = upload("bao-cao.pdf", PDF + b"0" * (21 * 1024 - len(PDF)))
    response = post_new(signed_in, form_data(new_attachments=[too_big]))
    assert error_codes(response.context["form"], "new_attachments") == ["file_too_large"]
    assert_nothing_saved()


def test_file_at_the_size_limit_is_accepted(signed_in, form_data, settings):
    settings.MAX_UPLOAD_SIZE = 20 * 1024
    just_fits = upload("bao-cao.pdf", PDF + b"0" * (20 * 1024 - len(PDF)))
    signed_in.post("/models/new/", form_data(new_attachments=[just_fits]))
    assert ModelAttachment.objects.get().size == 20 * 1024


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("trang.html", b"<!doctype html><script>alert(1)</script>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("bao-cao.pdf", b"just a text file renamed to .pdf"),
        ("anh.png", PDF),  # a real PDF under an image's name: the signature must match the extension
        ("khong-duoi", PDF),
    ],
    ids=["exe", "html", "svg", "text_renamed_pdf", "pdf_renamed_png", "no_extension"],
)
def test_file_of_a_type_not_allowed_is_refused(signed_in, form_data, name, content):
    response = post_new(signed_in, form_data(new_attachments=[upload(name, content)]))
    assert error_codes(response.context["form"], "new_attachments") == ["file_type_not_allowed"]
    assert_nothing_saved()


def test_one_bad_file_among_good_ones_refuses_the_whole_form(signed_in, form_data):
    files = [upload("bien-ban.pdf", PDF), upload("virus.exe", b"MZ\x90\x00")]
    response = post_new(signed_in, form_data(new_attachments=files))
    assert error_codes(response.context["form"], "new_attachments") == ["file_type_not_allowed"]
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bien-ban.pdf", PDF, "application/pdf"),
        ("anh-hien-truong.png", PNG, "image/png"),
        ("bao-cao.docx", docx_bytes(), DOCX_TYPE),
        ("BAO-CAO.PDF", PDF, "application/pdf"),
    ],
    ids=["pdf", "png", "docx", "upper_case_extension"],
)
def test_allowed_file_is_accepted(signed_in, alice, form_data, name, content, content_type):
    # The browser's claimed type is ignored: the stored type comes from the checked extension.
    claimed_as_text = upload(name, content, "text/plain")
    response = signed_in.post("/models/new/", form_data(new_attachments=[claimed_as_text]))
    assert response.status_code == 302
    attachment = ModelAttachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == (name, content_type)
    assert attachment.size == len(content)
    assert attachment.uploaded_by == alice
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


def test_several_files_at_once_are_all_attached(signed_in, form_data):
    files = [upload("a.pdf", PDF), upload("b.png", PNG)]
    signed_in.post("/models/new/", form_data(new_attachments=files))
    assert sorted(ModelAttachment.objects.values_list("original_name", flat=True)) == ["a.pdf", "b.png"]


def test_refused_form_saves_no_model_indicator_or_attachment(signed_in, form_data, workdays, settings):
    rows = [{"indicator_type": workdays, "value": "10", "year": "2023"}]
    data = form_data(indicators=rows, new_attachments=[upload("bien-ban.pdf", PDF)], name="")
    post_new(signed_in, data)
    assert_nothing_saved()
    assert not (settings.MEDIA_ROOT / "attachments").exists()


# Editing -----------------------------------------------------------------------------------------


@pytest.fixture
def draft(agency, workdays):
    model = MovementModelFactory(owner_agency=agency, name="Trước khi sửa", year_started=2020)
    ModelIndicatorFactory(model=model, indicator_type=workdays, value=100, year=2022)
    return model


def test_refused_edit_changes_nothing(signed_in, draft):
    data = edit_model_data(draft, name="Sau khi sửa", year_started=str(THIS_YEAR + 1))
    response = signed_in.post(f"/models/{draft.pk}/edit/", data)
    assert response.status_code == 200
    assert error_codes(response.context["form"], "year_started") != []
    draft.refresh_from_db()
    assert (draft.name, draft.year_started, draft.version) == ("Trước khi sửa", 2020, 1)


def test_edit_refuses_duplicate_indicator(signed_in, draft, workdays):
    rows = [
        {"indicator_type": workdays, "value": "100", "year": "2022"},
        {"indicator_type": workdays, "value": "300", "year": "2022"},
    ]
    response = signed_in.post(f"/models/{draft.pk}/edit/", edit_model_data(draft, indicators=rows))
    assert response.status_code == 200
    assert list(draft.indicators.values_list("value", flat=True)) == [Decimal("100")]


def test_edit_form_shows_current_values_and_indicators(signed_in, draft, workdays):
    response = signed_in.get(f"/models/{draft.pk}/edit/")
    form, formset = response.context["form"], response.context["formset"]
    assert (form["name"].value(), form["version"].value()) == ("Trước khi sửa", 1)
    assert formset.forms[0]["indicator_type"].value() == workdays.pk
    assert len(formset.forms) == 1 + 3  # the recorded row and three blank ones


def test_edit_can_move_model_to_a_sub_agency(signed_in, draft, sub_agency):
    response = signed_in.post(f"/models/{draft.pk}/edit/", edit_model_data(draft, owner_agency=sub_agency))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.owner_agency == sub_agency


def test_edit_cannot_move_model_to_another_agency(signed_in, draft, other_agency, agency):
    response = signed_in.post(f"/models/{draft.pk}/edit/", edit_model_data(draft, owner_agency=other_agency))
    assert error_codes(response.context["form"], "owner_agency") == ["invalid_choice"]
    draft.refresh_from_db()
    assert draft.owner_agency == agency
