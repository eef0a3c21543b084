"""An official brings a list in from Excel in a real browser: downloads the template, fills three rows (one
wrong), uploads, reads the error, fixes it, uploads again, confirms, and finds the models in the list."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from models_registry.choices import ModelStatus
from models_registry.models import MovementModel

from .helpers import in_default_language
from .test_register_model import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = ["Dân vận khéo hiến đất làm đường thôn Đông", "Dân vận khéo giữ vệ sinh môi trường", "Tổ hòa giải giỏi"]


def fill(template: bytes, *, third_field: str) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    models, lists = workbook.worksheets[0], workbook.worksheets[1]
    agency, unit = lists["D2"].value, lists["G2"].value
    for offset, name in enumerate(NAMES, start=2):
        field = third_field if offset == 4 else "Kinh tế"
        # code, name, kind, agency, unit, field, level, year started, description
        values = ["", name, "", agency, unit, field, in_default_language("Commune level"), 2022, "Vận động nhân dân."]
        for column, value in enumerate(values, start=1):
            models.cell(offset, column, value)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def upload(page: Page, base_url: str, data: bytes) -> None:
    page.goto(f"{base_url}/models/import/")
    page.locator("input[name=file]").set_input_files(
        {"name": "danh-sach.xlsx", "mimeType": "application/octet-stream", "buffer": data}
    )
    page.locator("form[enctype] button[type=submit]").click()


def test_official_imports_from_the_template(live_server, page: Page, official):
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/models/")
    page.get_by_role("link", name=in_default_language("Import from Excel")).click()
    with page.expect_download() as download:
        page.locator("a[href='/models/import/template.xlsx']").click()
    template = open(download.value.path(), "rb").read()

    upload(page, live_server.url, fill(template, third_field="Không có lĩnh vực này"))
    errors = page.locator("#rows-error")
    row_four = in_default_language("Row %(row)s") % {"row": 4}
    expect(errors).to_contain_text(f"{row_four}, «{in_default_language('Field')}»")
    expect(errors).to_contain_text("Không có lĩnh vực này")
    expect(page.get_by_role("button", name=in_default_language("Confirm the import"))).to_have_count(0)
    assert not MovementModel.objects.exists()

    upload(page, live_server.url, fill(template, third_field="Quốc phòng – an ninh"))
    expect(page.locator("#rows-create tbody tr")).to_have_count(3)
    page.get_by_role("button", name=in_default_language("Confirm the import")).click()
    expect(page.locator("#import-status")).to_have_text(in_default_language("Imported"))

    page.goto(f"{live_server.url}/models/?status=draft")
    for name in NAMES:
        expect(page.get_by_role("link", name=name)).to_be_visible()
    assert MovementModel.objects.filter(status=ModelStatus.DRAFT, created_by=official).count() == 3
