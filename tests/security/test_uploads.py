"""Uploaded Office files are checked for what they are: macros, encryption and zip bombs are refused with a
clear message, through every upload field (they all call core.files.validate_upload); genuine files pass."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.files import validate_upload
from meetings.models import ProgressEntry
from models_registry.models import ModelAttachment, MovementModel
from tests.factories import AdministrativeUnitFactory, DirectiveAssignmentFactory, DirectiveFactory, FieldFactory
from tests.models_registry.helpers import new_model_data

from . import figures
from .office_files import GENUINE, MALICIOUS


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(("name", "build", "code"), MALICIOUS, ids=[f"{n}-{c}" for n, _b, c in MALICIOUS])
def test_a_malicious_office_file_is_refused(name, build, code):
    try:
        validate_upload(upload(name, build()))
    except ValidationError as error:
        refused = error
    else:
        refused = None
    figures.upload_tried(refused=refused is not None)
    assert refused is not None, f"{name} was accepted"
    assert [error.code for error in refused.error_list] == [code]
    assert name in refused.messages[0]


@pytest.mark.parametrize(("name", "build"), GENUINE, ids=[n for n, _b in GENUINE])
def test_a_genuine_office_file_is_accepted(name, build):
    data = build()
    uploaded = upload(name, data)
    assert validate_upload(uploaded).content_type
    assert uploaded.read() == data  # left at its start, ready to be stored


def test_the_refusal_is_in_vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"
    name, build, _code = MALICIOUS[0]
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        validate_upload(upload(name, build()))
    assert "macro" in refused.value.messages[0] and "chứa" in refused.value.messages[0]


@pytest.mark.django_db
def test_the_model_form_refuses_a_macro_document_and_saves_nothing(client, alice, agency):
    client.force_login(alice)
    name, build, code = MALICIOUS[0]
    data = new_model_data(owner_agency=agency, registered_unit=AdministrativeUnitFactory(), field=FieldFactory())
    response = client.post("/models/new/", {**data, "new_attachments": [upload(name, build())]})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["new_attachments"]] == [code]
    assert not MovementModel.objects.exists() and not ModelAttachment.objects.exists()


@pytest.mark.django_db
def test_a_progress_report_refuses_an_encrypted_workbook_and_saves_nothing(client, alice, agency):
    directive = DirectiveFactory(lead=False)
    part = DirectiveAssignmentFactory(directive=directive, agency=agency)
    client.force_login(alice)
    response = client.post(
        f"/directives/{directive.pk}/parts/{part.pk}/report/",
        {"text": "Đã khảo sát.", "percent": "50", "attachments": [upload("mat.docx", MALICIOUS[4][1]())]},
    )
    assert response.status_code == 200
    assert "password" in response.content.decode()
    assert not ProgressEntry.objects.exists()
