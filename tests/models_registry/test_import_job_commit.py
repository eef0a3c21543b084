"""A large import file checked by a background job, with in-process tasks and real transactions (issue 12).

Kept apart from test_import_job.py: a transactional test empties the database when it ends, and a module is sent
whole to one xdist worker, so one mixed in with ordinary tests would leave the worker's next modules without the
reference data the migrations created (tests/conftest.py refuses such a module)."""

import pytest

from models_registry.models import ModelImport

from . import test_import
from .spreadsheets import xlsx
from .test_import import latest_import, row, upload
from .test_import_job import SMALL

reference = test_import.reference


@pytest.mark.django_db(transaction=True)
@SMALL
def test_without_a_task_queue_the_check_runs_with_the_upload(client, alice, reference):
    """In-process tasks (no queue configured): the job runs once the upload commits, and its page then opens the
    preview."""
    client.force_login(alice)
    response = upload(client, xlsx([row(reference, name=f"Mô hình {n}") for n in range(4)]))
    model_import = latest_import()
    assert model_import.status == ModelImport.Status.PREVIEWED and model_import.created_count == 4
    assert client.get(response["Location"])["Location"] == model_import.get_absolute_url()
