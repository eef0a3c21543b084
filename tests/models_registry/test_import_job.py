"""A large import file checked by a background job with progress (issue 12): the same preview as a small file's
check in the request, no confirmation before it is done, a failure said in Vietnamese with a retry, and nothing
shown to another official."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse

from core.models import Job, JobStatus
from models_registry.imports.reading import estimate_data_rows
from models_registry.models import ModelImport, MovementModel
from tests.factories import MovementModelFactory

from . import test_import
from .helpers import in_default_language
from .spreadsheets import csv_bytes, xlsx
from .test_import import latest_import, row, upload

reference = test_import.reference  # the reference data fixture of the import's tests

pytestmark = pytest.mark.django_db

SMALL = override_settings(IMPORT_VALIDATE_IN_REQUEST_MAX_ROWS=2)


def messy(reference):
    """Six rows: some to create, some with errors, one an update by code, one a probable duplicate."""
    mine = MovementModelFactory(owner_agency=reference["agency"], registered_unit=reference["today"],
                                field=reference["field"], name="Mô hình cũ", year_started=2021)
    MovementModelFactory(recognised=True, registered_unit=reference["today"], field=reference["field"],
                         name="Dân vận khéo trong hiến đất làm đuờng")
    return xlsx([
        row(reference),
        row(reference, name="", year_started=1800),
        row(reference, name="Mô hình ba", field="Không có"),
        row(reference, name="Mô hình bốn", registered_unit="Xã Không Tồn Tại"),
        row(reference, name="Mô hình năm", level="cap xa"),
        row(reference, code=mine.code, name="Mô hình cũ", description="Mô tả mới"),
    ])


def upload_queued(client, django_capture_on_commit_callbacks, data, name="danh-sach.xlsx"):
    """Upload with the job queued but not yet run; the callbacks run it."""
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(client, data, name)
    return response, callbacks


def run(callbacks):
    for callback in callbacks:
        callback()


COUNTS = ("created_count", "updated_count", "unchanged_count", "error_count", "warning_count")


def test_a_large_file_is_checked_in_the_background_with_the_same_preview(
    client, alice, reference, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    data = messy(reference)
    upload(client, data)
    in_request = latest_import()
    assert in_request.check_job is None and in_request.status == ModelImport.Status.PREVIEWED

    with SMALL:
        response, callbacks = upload_queued(client, django_capture_on_commit_callbacks, data)
        model_import = latest_import()
        job = Job.objects.get(owner=alice)
        assert model_import.pk != in_request.pk and model_import.check_job == job
        assert response.status_code == 302 and response["Location"] == reverse("job", args=[job.pk])
        assert model_import.status == ModelImport.Status.CHECKING
        page = client.get(response["Location"]).content.decode()
        assert in_default_language("Checking import #%(number)s: %(name)s",
                                   number=model_import.pk, name="danh-sach.xlsx") in page
        assert "job-progress.js" in page
        assert in_default_language("Being checked") in client.get(model_import.get_absolute_url()).content.decode()

        run(callbacks)

    job.refresh_from_db()
    model_import.refresh_from_db()
    assert job.status == JobStatus.DONE and (job.done, job.total) == (6, 6) and not job.file  # rows, no file
    assert model_import.status == ModelImport.Status.PREVIEWED
    assert model_import.report == in_request.report
    assert [getattr(model_import, c) for c in COUNTS] == [getattr(in_request, c) for c in COUNTS]
    assert (model_import.created_count, model_import.updated_count, model_import.error_count) == (2, 1, 3)
    assert model_import.warning_count >= 1
    # The job's page sends its owner to the preview, which shows what the request's check showed.
    response = client.get(reverse("job", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == model_import.get_absolute_url()
    status = client.get(reverse("job_status", args=[job.pk])).json()
    assert status["finished"] and status["result_url"] == model_import.get_absolute_url()
    assert status["download_url"] == ""

    def shown(imported):
        page = client.get(imported.get_absolute_url()).content.decode()
        return page[page.index('id="import-counts"'):].split("</main>")[0]

    assert shown(model_import) == shown(in_request)
    assert MovementModel.objects.count() == 2  # the two made by the test, nothing imported


def test_progress_is_told_in_rows(client, alice, reference, django_capture_on_commit_callbacks, monkeypatch):
    from core import jobs

    seen = []
    real = jobs.report_progress
    monkeypatch.setattr(jobs, "report_progress", lambda pk, done, total: (seen.append((done, total)),
                                                                           real(pk, done, total)))
    client.force_login(alice)
    with SMALL:
        _response, callbacks = upload_queued(
            client, django_capture_on_commit_callbacks, csv_bytes([row(reference, name=f"Mô hình {n}")
                                                                   for n in range(5)]), name="ds.csv"
        )
        run(callbacks)
    assert seen[0] == (0, 5) and seen[-1] == (5, 5) and [done for done, _t in seen] == sorted(done for done, _t in seen)
    assert latest_import().created_count == 5


def test_no_confirmation_before_the_check_is_done(client, alice, reference, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with SMALL:
        _response, callbacks = upload_queued(client, django_capture_on_commit_callbacks,
                                             xlsx([row(reference, name=f"Mô hình {n}") for n in range(4)]))
        model_import = latest_import()
        page = client.get(model_import.get_absolute_url()).content.decode()
        assert 'id="import-checking"' in page and "/confirm/" not in page
        response = client.post(f"/models/imports/{model_import.pk}/confirm/", follow=True)
        assert in_default_language(
            "This file has not been checked yet, or its check failed; nothing was saved. Confirm it once its preview "
            "is shown."
        ) in response.content.decode()
        assert not MovementModel.objects.exists()
        model_import.refresh_from_db()
        assert model_import.status == ModelImport.Status.CHECKING

        run(callbacks)
        with django_capture_on_commit_callbacks(execute=True):  # over the limit: saved by a job of its own
            client.post(f"/models/imports/{model_import.pk}/confirm/")
    assert MovementModel.objects.count() == 4
    model_import.refresh_from_db()
    assert model_import.status == ModelImport.Status.CONFIRMED


def test_a_failed_check_says_so_and_can_be_run_again(
    client, alice, reference, django_capture_on_commit_callbacks, monkeypatch
):
    from models_registry.imports import checking

    client.force_login(alice)
    real = checking.validate_stored

    def broken(*args, **kwargs):
        raise OSError("the storage went away")

    monkeypatch.setattr(checking, "validate_stored", broken)
    with SMALL:
        _response, callbacks = upload_queued(client, django_capture_on_commit_callbacks,
                                             xlsx([row(reference, name=f"Mô hình {n}") for n in range(4)]))
        run(callbacks)
        model_import = latest_import()
        assert model_import.status == ModelImport.Status.CHECK_FAILED
        assert model_import.check_job.status == JobStatus.FAILED
        page = client.get(model_import.get_absolute_url()).content.decode()
        assert in_default_language(
            "The check of this file could not be completed. Nothing has been saved: check it again, or upload the "
            "file again."
        ) in page
        assert reverse("models_registry:import_check_again", args=[model_import.pk]) in page
        client.post(f"/models/imports/{model_import.pk}/confirm/")
        assert not MovementModel.objects.exists()

        monkeypatch.setattr(checking, "validate_stored", real)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("models_registry:import_check_again", args=[model_import.pk]))
    model_import.refresh_from_db()
    assert response["Location"] == reverse("job", args=[model_import.check_job.pk])
    assert model_import.status == ModelImport.Status.PREVIEWED and model_import.created_count == 4
    assert Job.objects.filter(owner=alice).count() == 2


def test_a_check_cut_off_shows_as_failed(client, alice, reference, django_capture_on_commit_callbacks):
    """A worker that died: housekeeping fails its job, and the import no longer claims to be being checked."""
    client.force_login(alice)
    with SMALL:
        upload_queued(client, django_capture_on_commit_callbacks, xlsx([row(reference)] * 3))
    model_import = latest_import()
    Job.objects.filter(pk=model_import.check_job_id).update(status=JobStatus.FAILED, error="interrupted")
    page = client.get(model_import.get_absolute_url()).content.decode()
    assert 'id="import-check-failed"' in page


def test_another_official_sees_neither_the_progress_nor_the_preview(
    client, alice, bob, reviewer, reference, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with SMALL:
        _response, callbacks = upload_queued(client, django_capture_on_commit_callbacks,
                                             xlsx([row(reference, name=f"Mô hình {n}") for n in range(4)]))
    model_import = latest_import()
    job = model_import.check_job
    client.force_login(bob)
    for url in (model_import.get_absolute_url(), reverse("job", args=[job.pk]), reverse("job_status", args=[job.pk])):
        assert client.get(url).status_code == 404
    for url in (f"/models/imports/{model_import.pk}/confirm/", f"/models/imports/{model_import.pk}/check/"):
        assert client.post(url).status_code == 404
    run(callbacks)
    assert client.get(model_import.get_absolute_url()).status_code == 404
    assert client.get(reverse("job", args=[job.pk])).status_code == 404
    # A reviewer sees every import, as before, but a job's page stays its owner's.
    client.force_login(reviewer)
    assert client.get(model_import.get_absolute_url()).status_code == 200
    assert client.get(reverse("job", args=[job.pk])).status_code == 404
    assert not MovementModel.objects.exists()


@override_settings(IMPORT_VALIDATE_IN_REQUEST_MAX_ROWS=5)
def test_a_file_at_the_threshold_is_checked_in_the_request(client, alice, reference):
    client.force_login(alice)
    response = upload(client, xlsx([row(reference, name=f"Mô hình {n}") for n in range(5)], title_block=False))
    model_import = latest_import()
    assert response["Location"] == model_import.get_absolute_url()
    assert model_import.status == ModelImport.Status.PREVIEWED and model_import.created_count == 5
    assert model_import.check_job is None and not Job.objects.exists()


def test_the_row_estimate(reference):
    from openpyxl import Workbook

    rows = [row(reference, name=f"Mô hình {n}") for n in range(7)]
    assert estimate_data_rows(io.BytesIO(csv_bytes(rows)), "a.csv", up_to=5) == 7
    assert estimate_data_rows(io.BytesIO(xlsx(rows, title_block=False)), "a.xlsx", up_to=5) == 7
    assert estimate_data_rows(io.BytesIO(xlsx(rows)), "a.xlsx", up_to=5) == 10  # the title block counts
    assert estimate_data_rows(io.BytesIO(b"not a workbook"), "a.xlsx", up_to=5) == 0  # left to the check to refuse
    # A workbook written row by row (as the exports are) records no dimensions: its rows are counted, up to a point.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("DS")
    for number in range(20):
        sheet.append([number])
    handle = io.BytesIO()
    workbook.save(handle)
    assert estimate_data_rows(io.BytesIO(handle.getvalue()), "a.xlsx", up_to=100) == 19
    assert estimate_data_rows(io.BytesIO(handle.getvalue()), "a.xlsx", up_to=5) == 6  # just over: enough to know
