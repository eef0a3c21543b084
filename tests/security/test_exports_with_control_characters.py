"""Every export writes whatever the database holds: rows written before the cleaning existed may carry control
characters that Word's and Excel's XML cannot hold, and each export used to answer 500 for everyone."""

import io

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from meetings.choices import AttendanceRole
from tests.compilations.factories import CompilationFactory, ListedModelFactory, NominationFactory
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    DirectiveFactory,
    FieldFactory,
    MeetingFactory,
    UserFactory,
)

from .conftest import CONTROL, dirty, store_raw

pytestmark = pytest.mark.django_db


def document_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def assert_clean(text: str) -> None:
    assert not set(CONTROL) & set(text), "a control character reached the document"


def test_the_meeting_record_exports_with_control_characters_in_every_text(client, secretary):
    lead = AgencyFactory(name="Sở Nội vụ")
    meeting = MeetingFactory(published=True, organisers=[lead])
    attendee = AttendanceFactory(meeting=meeting, role=AttendanceRole.SECRETARY)
    directive = DirectiveFactory(meeting=meeting, lead=lead)
    store_raw(
        meeting,
        title=dirty("Hội nghị sơ kết"),
        place=dirty("Hội trường"),
        agenda="1. Khai mạc\x0b2. Thảo luận",
        minutes=dirty("Biên bản cuộc họp") + "\x0cTrang sau",
    )
    store_raw(attendee, full_name=dirty("Trần Song Tùng"), title=dirty("Phó Bí thư"), agency_name=dirty("Tỉnh ủy"))
    store_raw(directive, text=dirty("Tuyên truyền luật"))
    store_raw(lead, name=dirty("Sở Nội vụ"))
    client.force_login(secretary)

    response = client.get(reverse("meetings:export", args=[meeting.pk]))

    assert response.status_code == 200
    text = document_text(response.content)
    assert_clean(text)
    assert "Hội nghị sơ kết" in text and "Tuyên truyền luật" in text and "Trần Song Tùng" in text
    # Word's line and page breaks became line breaks, as the official meant them.
    assert "1. Khai mạc\n2. Thảo luận" in text
    assert "Biên bản cuộc họp\nTrang sau" in text


def test_the_booklet_exports_with_control_characters_in_every_text(client, leader):
    compilation = CompilationFactory()
    model = ListedModelFactory(name="Đường làng", field=FieldFactory(name="Kinh tế"))
    nomination = NominationFactory(compilation=compilation, model=model, written_up=True)
    store_raw(compilation, title=dirty("Tuyển tập mô hình"))
    store_raw(model, name=dirty("Đường làng"), code="DVK-2023-\x0b9", results=dirty("Lắp 300 bóng đèn"))
    store_raw(model.field, name=dirty("Kinh tế"))
    store_raw(model.owner_agency, name=dirty("Ban Dân vận"))
    store_raw(model.registered_unit, name=dirty("Xã Kim Chính"))
    store_raw(nomination, write_up=dirty("Bài viết về đường làng"))
    client.force_login(leader)

    response = client.get(reverse("compilations:booklet", args=[compilation.pk]))

    assert response.status_code == 200
    text = document_text(response.content)
    assert_clean(text)
    for expected in ("TUYỂN TẬP", "Đường làng", "Lắp 300", "Kinh tế", "Ban Dân vận", "Xã Kim Chính", "Bài viết"):
        assert expected in text


@pytest.fixture
def dirty_province(db):
    """A model in the list whose agency, field and unit names carry control characters (the dashboard's labels)."""
    model = ListedModelFactory()
    store_raw(model.owner_agency, name=dirty("Ban Dân vận Kim Sơn"), short_name=dirty("BDV Kim Sơn"))
    store_raw(model.field, name=dirty("Văn hóa"))
    store_raw(model.registered_unit, name=dirty("Xã Kim Chính"))
    directive = DirectiveFactory()
    store_raw(directive.lead.agency, name=dirty("Sở Tư pháp"), short_name=dirty("BDV Tư pháp"))
    return model


def test_the_dashboard_workbook_exports_with_control_characters_in_every_label(client, leader, dirty_province):
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    values = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert_clean("".join(values))
    assert any("Kim Sơn" in value for value in values) and any("Văn hóa" in value for value in values)


def test_the_dashboard_report_exports_with_control_characters_in_every_label(client, leader, dirty_province):
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_docx"))
    assert response.status_code == 200
    text = document_text(response.content)
    assert_clean(text)
    assert "Văn hóa" in text and "BDV Kim Sơn" in text and "BDV Tư pháp" in text


def test_a_name_read_as_mathtext_does_not_break_the_report_s_charts(client, leader):
    model = ListedModelFactory()
    store_raw(model.field, name="Chi phí $x^$ và $$")
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_docx"))
    assert response.status_code == 200
    assert "Chi phí $x^$ và $$" in document_text(response.content)


def test_an_official_s_dashboard_exports_too(client, dirty_province):
    official = UserFactory(agency=dirty_province.owner_agency, roles=[Role.OFFICIAL])
    client.force_login(official)
    assert client.get(reverse("dashboard:export_xlsx")).status_code == 200
    assert client.get(reverse("dashboard:export_docx")).status_code == 200
