"""The dashboard's Excel and Word reports built as jobs (core/jobs.py) for whoever asked, with the page's filters."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from core.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def test_the_dashboards_excel_report_is_built_as_a_job_for_whoever_asked(
    client, leader, province, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard:start_report", args=["xlsx"]) + "?year=2023")
    job = Job.objects.get(owner=leader)
    assert response["Location"] == reverse("job", args=[job.pk])
    assert job.status == JobStatus.DONE and job.params == {"query": "year=2023"}
    download = client.get(reverse("job_download", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames  # a real workbook
    assert "2023" in job.file_name


def test_the_word_report_job_is_the_report_of_the_owners_agency(
    client, alice, province, django_capture_on_commit_callbacks
):
    client.force_login(alice)  # an official: her agency's dashboard only
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dashboard:start_report", args=["docx"]))
    job = Job.objects.get(owner=alice)
    assert job.status == JobStatus.DONE
    document = Document(io.BytesIO(b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)))
    assert alice.agency.name in "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_an_unknown_report_format_is_not_found(client, leader):
    client.force_login(leader)
    assert client.post(reverse("dashboard:start_report", args=["csv"])).status_code == 404
    assert not Job.objects.exists()
