"""Long work as jobs (core/jobs.py): started by a person who may, its progress on a page only they see, the file
once done, a failure in Vietnamese with a retry, run exactly once, results deleted after their time."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from docx import Document

from core.jobs import JobOutput, delete_expired, job_kind, requeue_lost, run_job, start_job
from core.models import Job, JobStatus
from tests.permissions import Row, cells, check, expect

pytestmark = pytest.mark.django_db

CALLS = []


@job_kind("tests.counted")
def counted(job, progress):
    CALLS.append(job.pk)
    for step in range(3):
        progress(step, 3)
    if job.params.get("fail"):
        raise ConnectionError("the data source went away")
    return JobOutput("ket-qua.txt", "text/plain", "kết quả".encode())


class World:
    def __init__(self, alice):
        self.job = start_job("tests.counted", owner=alice, title="Báo cáo của Alice")
        run_job.call(str(self.job.pk))


@pytest.fixture
def world(alice):
    return World(alice)


def job_url(name):
    return lambda w: reverse(name, args=[w.job.pk])


ONLY_ALICE = expect(404, alice=200)
MATRIX = [
    Row("job", job_url("job"), ONLY_ALICE),
    Row("job_status", job_url("job_status"), ONLY_ALICE),
    Row("job_download", job_url("job_download"), ONLY_ALICE, reveals=lambda w: "kết quả"),
    Row("job_retry", job_url("job_retry"), expect(404, alice=302), method="post"),
]


@cells(MATRIX)
def test_access(client, request, world, row, role):
    check(client, request, world, row, role)


def test_a_queued_job_shows_its_progress_and_no_download(client, alice):
    job = start_job("tests.counted", owner=alice, title="Chờ")  # its commit has not run: still queued
    client.force_login(alice)
    state = client.get(reverse("job_status", args=[job.pk])).json()
    assert state == {"status": "queued", "status_label": "Đang chờ", "done": 0, "total": 0, "percent": 0,
                     "download_url": "", "result_url": "", "finished": False}
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "Đang chờ" in page and 'http-equiv="refresh"' in page and "job-progress.js" in page
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


def test_a_finished_job_offers_its_file_until_it_expires(client, alice):
    job = start_job("tests.counted", owner=alice, title="Xong")
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (JobStatus.DONE, 3, 3, 100)
    client.force_login(alice)
    state = client.get(reverse("job_status", args=[job.pk])).json()
    assert state["finished"] and state["download_url"] == reverse("job_download", args=[job.pk])
    response = client.get(reverse("job_download", args=[job.pk]))
    assert b"".join(response.streaming_content) == "kết quả".encode()
    assert 'filename="ket-qua.txt"' in response["Content-Disposition"]

    storage, name = job.file.storage, job.file.name
    assert delete_expired(at=job.expires_at - timedelta(minutes=1)) == 0
    assert delete_expired(at=job.expires_at + timedelta(minutes=1)) == 1
    assert not Job.objects.filter(pk=job.pk).exists() and not storage.exists(name)


def test_a_job_runs_once_however_often_it_is_handed_out(alice):
    CALLS.clear()
    job = start_job("tests.counted", owner=alice, title="Một lần")
    run_job.call(str(job.pk))
    run_job.call(str(job.pk))  # a second worker given the same job
    assert CALLS == [job.pk]


def test_a_failed_job_says_so_in_vietnamese_keeps_no_file_and_can_be_retried(client, alice):
    job = start_job("tests.counted", owner=alice, title="Lỗi", params={"fail": True})
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file and "data source" in job.error
    client.force_login(alice)
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "Không hoàn thành được việc này" in page and "Thử lại" in page

    Job.objects.filter(pk=job.pk).update(params={})  # the cause is gone
    response = client.post(reverse("job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.error == ""
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.file


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL finds a dead worker by its lock at once")
def test_a_job_cut_off_by_a_dead_worker_is_marked_failed_and_retryable(alice):
    job = start_job("tests.counted", owner=alice, title="Đứt")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=job.created_at)
    requeue_lost(at=job.created_at + timedelta(minutes=10))
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING  # still within its time
    requeue_lost(at=job.created_at + timedelta(hours=2))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Bị gián đoạn: tiến trình chạy việc này đã dừng. Hãy thử lại."


def test_the_booklet_is_built_as_a_job_with_its_entries(client, reviewer, django_capture_on_commit_callbacks):
    from compilations import services
    from tests.compilations.factories import CompilationFactory, NominationFactory

    compilation = CompilationFactory(created_by=reviewer, title="Tuyển tập 2026")
    entry = NominationFactory(compilation=compilation, written_up=True)
    services.compilation_publish(compilation=compilation, user=reviewer)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("compilations:booklet_job", args=[compilation.pk]))
    job = Job.objects.get(owner=reviewer)
    assert job.status == JobStatus.DONE and job.total >= 1
    document = Document(io.BytesIO(b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert entry.model.name in text


@job_kind("tests.no_file")
def no_file(job, progress):
    progress(1, 1)
    return None  # its result is a record it updated


@pytest.mark.parametrize(("result_url", "redirects"), [("/models/imports/1/", True), ("https://example.com/", False),
                                                        ("//example.com/", False)])
def test_a_job_without_a_file_sends_its_owner_to_its_result(client, alice, result_url, redirects):
    job = start_job("tests.no_file", owner=alice, title="Kiểm tra", result_url=result_url, counting="rows")
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and not job.file
    client.force_login(alice)
    response = client.get(reverse("job", args=[job.pk]))
    if redirects:
        assert response.status_code == 302 and response["Location"] == result_url
    else:
        assert response.status_code == 200 and reverse("job_download", args=[job.pk]) not in response.content.decode()
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
