"""The PDFs of the meeting record, the booklet and the dashboard: A4, the page's own layout as it prints, the
Vietnamese text intact, and nothing fetched from anywhere but the app."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import AgencyFactory, MeetingFactory

A4_POINTS = (595, 842)


def _read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('.pdf"')
    pdf = PdfReader(io.BytesIO(response.content))
    sizes = {(round(page.mediabox.width), round(page.mediabox.height)) for page in pdf.pages}
    assert sizes == {A4_POINTS}
    return "\n".join(page.extract_text() for page in pdf.pages)


@pytest.mark.django_db
def test_the_meeting_record_as_pdf_prints_like_the_page(client, leader):
    meeting = MeetingFactory(
        published=True,
        title="Hội nghị tổng kết phong trào thi đua “Dân vận khéo” năm 2023",
        minutes="Đồng chí Trưởng ban kết luận: tiếp tục nhân rộng các mô hình hiệu quả.",
        organisers=[AgencyFactory(name="Ban Dân vận Tỉnh ủy")],
    )
    client.force_login(leader)
    text = _read(client.get(reverse("meetings:export_pdf", args=[meeting.pk])))
    assert "Hội nghị tổng kết phong trào thi đua" in text
    assert "tiếp tục nhân rộng các mô hình hiệu quả" in text
    # The page's navigation and buttons are not printed.
    assert "Download as PDF" not in text and "Tải" not in text


@pytest.mark.django_db
def test_the_dashboard_as_pdf_has_its_figures_and_charts_for_the_filters_given(client, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_pdf"), {"year": 2023})
    text = _read(response)
    assert "2023" in text
    pdf = PdfReader(io.BytesIO(response.content))
    images = sum(len(page.images) for page in pdf.pages)
    assert images >= 1  # the charts, drawn on the server


@pytest.mark.django_db
def test_a_pdf_fetches_nothing_from_elsewhere(rf, leader):
    from core.pdf import site_fetcher_class

    request = rf.get("/")
    request.user = leader
    fetcher = site_fetcher_class()(request)
    for url in ("http://169.254.169.254/latest/meta-data/", "https://example.com/logo.png", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    # Its own pages only as images or stylesheets the user may see: not an HTML page.
    with pytest.raises(ValueError):
        fetcher.fetch("http://testserver/models/")
    stylesheet = fetcher.fetch("http://testserver/static/css/app.css").read()
    assert b"@media print" in stylesheet
    # The manifest's hashed name of a file not collected (tests, development) finds the file too.
    assert fetcher.fetch("http://testserver/static/css/app.0123456789ab.css").read() == stylesheet
