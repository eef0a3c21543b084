"""Files on S3-compatible object storage (django-storages, against moto's in-process S3): uploads and job results
land in the private bucket, and reach a reader only through the app's permission check."""

import boto3
import pytest
from django.urls import reverse
from moto import mock_aws

from core.jobs import run_job, start_job
from tests.factories import ModelAttachmentFactory, MovementModelFactory

from . import test_jobs  # noqa: F401 - registers the "tests.counted" job kind

pytestmark = pytest.mark.django_db

BUCKET = "dvk-test-private"


@pytest.fixture
def s3(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
        settings.AWS_STORAGE_BUCKET_NAME = BUCKET
        settings.AWS_S3_REGION_NAME = "us-east-1"
        settings.AWS_DEFAULT_ACL = "private"
        settings.AWS_QUERYSTRING_AUTH = True
        settings.AWS_S3_FILE_OVERWRITE = False
        yield client


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_an_uploaded_file_is_in_the_bucket_and_streamed_only_to_who_may_see_it(s3, client, alice, bob):
    model = MovementModelFactory(owner_agency=alice.agency)  # a draft: only its agency sees it
    attachment = ModelAttachmentFactory(model=model)
    assert attachment.file.name in keys(s3)
    grants = s3.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee")) for grant in grants)  # never public

    url = reverse("models_registry:attachment", args=[model.pk, attachment.pk])
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test evidence"
    client.force_login(bob)
    assert client.get(url).status_code == 404


def test_a_jobs_result_is_stored_in_the_bucket_and_deleted_with_the_job(s3, client, alice, bob):
    from core.jobs import delete_expired
    from core.models import Job

    job = start_job("tests.counted", owner=alice, title="S3")
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.file.name in keys(s3)
    client.force_login(alice)
    assert b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content) == "kết quả".encode()
    client.force_login(bob)
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404

    delete_expired(at=job.expires_at.replace(year=job.expires_at.year + 1))
    assert not Job.objects.filter(pk=job.pk).exists()
    assert job.file.name not in keys(s3)
