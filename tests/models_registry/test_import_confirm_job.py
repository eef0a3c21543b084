"""A large import confirmed: saved by a background job with progress (the rows checked again, then saved all
together), as the request saves a small one; refused or cut off, nothing is saved and the importer is told."""

import pytest
from django.urls import reverse

from core.models import Job, JobStatus
from models_registry.imports.confirming import JOB_KIND
from models_registry.models import Field, ModelImport, MovementModel

from . import test_import
from .helpers import in_default_language
from .spreadsheets import xlsx
from .test_import import latest_import, row, upload
from .test_import_job import SMALL, run

reference = test_import.reference  # the reference data fixture of the import's tests

pytestmark = pytest.mark.django_db


def previewed(client, user, reference, rows=4) -> ModelImport:
    client.force_login(user)
    upload(client, xlsx([row(reference, name=f"Mô hình {n}") for n in range(rows)]))  # checked in the request
    model_import = latest_import()
    assert model_import.status == ModelImport.Status.PREVIEWED and model_import.created_count == rows
    return model_import


def confirm(client, model_import, **kwargs):
    return client.post(reverse("models_registry:import_confirm", args=[model_import.pk]), **kwargs)


def test_a_large_import_is_saved_in_the_background(client, alice, reference, django_capture_on_commit_callbacks):
    model_import = previewed(client, alice, reference)
    with SMALL:
        with django_capture_on_commit_callbacks() as callbacks:
            response = confirm(client, model_import)
        model_import.refresh_from_db()
        job = model_import.confirm_job
        assert job.kind == JOB_KIND and job.owner == alice and job.status == JobStatus.QUEUED
        assert response.status_code == 302 and response["Location"] == reverse("job", args=[job.pk])
        assert model_import.status == ModelImport.Status.CONFIRMING
        assert in_default_language("Saving import #%(number)s: %(name)s", number=model_import.pk,
                                   name="danh-sach.xlsx") in client.get(response["Location"]).content.decode()
        page = client.get(model_import.get_absolute_url()).content.decode()
        assert 'id="import-confirming"' in page and in_default_language("Being saved") in page
        assert reverse("models_registry:import_confirm", args=[model_import.pk]) not in page
        # A second click starts nothing: the import is being saved.
        response = confirm(client, model_import, follow=True)
        assert in_default_language("This import was already confirmed or refused.") in response.content.decode()
        assert not MovementModel.objects.exists() and Job.objects.filter(kind=JOB_KIND).count() == 1

        run(callbacks)
    job.refresh_from_db()
    model_import.refresh_from_db()
    assert job.status == JobStatus.DONE and (job.done, job.total) == (4, 4)
    assert model_import.status == ModelImport.Status.CONFIRMED and model_import.confirmed_at
    assert MovementModel.history.filter(history_change_reason=f"import:{model_import.pk}").count() == 4
    response = client.get(reverse("job", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == model_import.get_absolute_url()


def test_a_small_import_is_still_saved_in_the_request(client, alice, reference):
    model_import = previewed(client, alice, reference, rows=2)
    with SMALL:
        response = confirm(client, model_import)
    assert response["Location"] == model_import.get_absolute_url()
    model_import.refresh_from_db()
    assert model_import.status == ModelImport.Status.CONFIRMED and model_import.confirm_job is None
    assert MovementModel.objects.count() == 2


def test_a_refusal_in_the_background_says_why_and_saves_nothing(
    client, alice, reference, django_capture_on_commit_callbacks
):
    """Between the preview and the job, the rows' field was retired: checked again, every row fails; the import
    is back to its preview, now showing the errors, and the job's page says why."""
    model_import = previewed(client, alice, reference)
    with SMALL:
        with django_capture_on_commit_callbacks() as callbacks:
            confirm(client, model_import)
        Field.objects.filter(pk=reference["field"].pk).update(is_active=False)
        run(callbacks)
    model_import.refresh_from_db()
    job = model_import.confirm_job
    assert job.status == JobStatus.FAILED
    assert job.refusal == in_default_language(
        "The file has errors or nothing new; nothing was saved. Correct the rows shown and upload it again."
    )
    assert model_import.status == ModelImport.Status.PREVIEWED and model_import.error_count == 4
    assert not MovementModel.objects.exists()
    assert job.refusal in client.get(reverse("job", args=[job.pk])).content.decode()


def test_a_saving_cut_off_can_be_confirmed_again(client, alice, reference, django_capture_on_commit_callbacks):
    """A worker that died: its job failed (housekeeping), the import still says "being saved". Its page says that
    nothing was saved and offers the confirmation again, which starts a new job."""
    model_import = previewed(client, alice, reference)
    with SMALL:
        with django_capture_on_commit_callbacks():
            confirm(client, model_import)
        model_import.refresh_from_db()
        Job.objects.filter(pk=model_import.confirm_job_id).update(status=JobStatus.FAILED, error="interrupted")
        page = client.get(model_import.get_absolute_url()).content.decode()
        assert 'id="import-confirm-failed"' in page
        assert reverse("models_registry:import_confirm", args=[model_import.pk]) in page
        with django_capture_on_commit_callbacks(execute=True):
            confirm(client, model_import)
    model_import.refresh_from_db()
    assert model_import.status == ModelImport.Status.CONFIRMED
    assert Job.objects.filter(kind=JOB_KIND).count() == 2 and MovementModel.objects.count() == 4


def test_only_the_importer_confirms_in_the_background(client, alice, reviewer, reference):
    model_import = previewed(client, alice, reference)
    client.force_login(reviewer)
    with SMALL:
        response = confirm(client, model_import)
    assert response.status_code == 403
    model_import.refresh_from_db()
    assert model_import.status == ModelImport.Status.PREVIEWED and not Job.objects.exists()
