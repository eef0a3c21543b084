"""Evidence files: streamed only to people who may see the model, with safe headers, never hard-deleted."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from models_registry.models import ModelAttachment
from tests.factories import ModelAttachmentFactory, MovementModelFactory

from .helpers import edit_model_data

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def draft(agency):
    return MovementModelFactory(owner_agency=agency)


@pytest.fixture
def pdf(draft):
    return ModelAttachmentFactory(model=draft)


@pytest.fixture
def docx(draft):
    content = docx_bytes()
    return ModelAttachmentFactory(
        model=draft,
        file=ContentFile(content, name="bao-cao.docx"),
        original_name="Báo cáo tổng kết.docx",
        content_type=DOCX_TYPE,
        size=len(content),
    )


def download(client, attachment):
    return client.get(f"/models/{attachment.model_id}/attachments/{attachment.pk}/")


def test_owner_downloads_the_file(client, alice, pdf):
    client.force_login(alice)
    response = download(client, pdf)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test evidence"


def test_official_of_another_agency_gets_404_for_a_drafts_file(client, bob, pdf):
    client.force_login(bob)
    assert download(client, pdf).status_code == 404


def test_official_of_another_agency_downloads_a_recognised_models_file(client, bob, agency):
    attachment = ModelAttachmentFactory(model=MovementModelFactory(owner_agency=agency, recognised=True))
    client.force_login(bob)
    assert download(client, attachment).status_code == 200


def test_attachment_of_another_model_is_not_served_under_this_models_url(client, bob, pdf, other_agency):
    # bob may see his own model; the draft's file must not leak through his model's URL.
    own = MovementModelFactory(owner_agency=other_agency)
    client.force_login(bob)
    response = client.get(f"/models/{own.pk}/attachments/{pdf.pk}/")
    assert response.status_code == 404


def test_pdf_is_shown_inline(client, alice, pdf):
    client.force_login(alice)
    response = download(client, pdf)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="bien-ban.pdf"'


def test_docx_is_downloaded_under_its_original_name(client, alice, docx):
    client.force_login(alice)
    response = download(client, docx)
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith("attachment; ")
    encoded_name = "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20k%E1%BA%BFt.docx"
    assert encoded_name in response["Content-Disposition"]


def test_download_forbids_content_sniffing_and_scripts(client, alice, pdf):
    client.force_login(alice)
    response = download(client, pdf)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_file_missing_from_storage_gives_404(client, alice, pdf):
    pdf.file.storage.delete(pdf.file.name)
    client.force_login(alice)
    assert download(client, pdf).status_code == 404


def remove(client, attachment):
    data = edit_model_data(attachment.model, remove_attachments=[attachment.pk])
    response = client.post(f"/models/{attachment.model_id}/edit/", data)
    assert response.status_code == 302


def test_removed_attachment_is_hidden_from_the_page(client, alice, pdf, docx):
    client.force_login(alice)
    remove(client, pdf)
    page = client.get(f"/models/{pdf.model_id}/").content.decode()
    assert f"/attachments/{pdf.pk}/" not in page
    assert f"/attachments/{docx.pk}/" in page


def test_removed_attachment_is_no_longer_served(client, alice, pdf):
    client.force_login(alice)
    remove(client, pdf)
    assert download(client, pdf).status_code == 404


def test_removed_attachment_stays_in_the_database_and_storage(client, alice, pdf):
    client.force_login(alice)
    remove(client, pdf)
    pdf.refresh_from_db()
    assert pdf.removed_at is not None
    assert pdf.file.storage.exists(pdf.file.name)


def test_removed_attachment_is_not_offered_for_removal_again(client, alice, pdf, docx):
    client.force_login(alice)
    remove(client, pdf)
    response = client.get(f"/models/{pdf.model_id}/edit/")
    assert list(response.context["form"].fields["remove_attachments"].queryset) == [docx]


def test_attachment_of_another_model_cannot_be_removed_through_this_one(client, alice, pdf, agency):
    other = ModelAttachmentFactory(model=MovementModelFactory(owner_agency=agency))
    client.force_login(alice)
    data = edit_model_data(pdf.model, remove_attachments=[other.pk])
    response = client.post(f"/models/{pdf.model_id}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["remove_attachments"][0].code == "invalid_choice"
    other.refresh_from_db()
    assert other.removed_at is None


def test_no_attachment_is_ever_hard_deleted_by_editing(client, alice, pdf, docx):
    client.force_login(alice)
    remove(client, pdf)
    remove(client, docx)
    assert ModelAttachment.objects.filter(model=pdf.model).count() == 2
