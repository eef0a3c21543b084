"""A list's export over EXPORT_IN_REQUEST_MAX_ROWS rows (core/exports.py): the GET only offers to prepare the file,
the button's POST builds it as a job for whoever asked, with the rows their list shows them; at or under the
limit the file comes straight away, as before."""

import pytest
from django.urls import reverse

from core.jobs import run_job
from core.models import Job, JobStatus
from tests.compilations.factories import CompilationFactory, NominationFactory
from tests.factories import MeetingFactory, MovementModelFactory
from tests.test_exports import body, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

QUERY = "?q=kim+son+so&status=all&o=-name"  # drafts too: alice sees her agency's, not Yên Mô's


@pytest.fixture
def limit(settings):
    settings.EXPORT_IN_REQUEST_MAX_ROWS = 2
    return 2


@pytest.fixture
def models(agency, other_agency):
    for number in range(3):
        MovementModelFactory(owner_agency=agency, name=f"Mô hình Kim Sơn số {number}")  # drafts: alice's agency's
    MovementModelFactory(owner_agency=other_agency, name="Mô hình Kim Sơn số 9 của Yên Mô")  # a draft she never sees
    MovementModelFactory(owner_agency=agency, name="Bảo vệ môi trường")  # hers, left out by the search


def prepare(client, url, capture):
    with capture(execute=True):
        response = client.post(url)
    return response, Job.objects.get()


def test_at_the_limit_the_file_comes_in_the_request_as_before(client, alice, models, settings):
    settings.EXPORT_IN_REQUEST_MAX_ROWS = 3
    client.force_login(alice)
    response = client.get("/models/export.xlsx" + QUERY)
    assert response["Content-Disposition"] == 'attachment; filename="mo-hinh.xlsx"'
    _header, rows = body(xlsx_rows(response), "Mã mô hình")
    assert len(rows) == 3
    assert not Job.objects.exists()


def test_over_the_limit_the_get_offers_to_prepare_the_file_and_starts_nothing(client, alice, models, limit):
    client.force_login(alice)
    page = client.get("/models/export.xlsx" + QUERY)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    text = page.content.decode()
    assert "3 dòng" in text and "Chuẩn bị tệp" in text
    assert 'method="post"' in text and "csrfmiddlewaretoken" in text
    assert f'action="/models/export.xlsx{QUERY.replace("&", "&amp;")}"' in text
    assert not Job.objects.exists()


def test_the_prepared_file_holds_the_rows_the_owner_sees_with_the_filters(
    client, alice, models, limit, settings, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    shown = [model.code for model in client.get("/models/" + QUERY).context["models"]]
    assert len(shown) == 3

    response, job = prepare(client, "/models/export.xlsx" + QUERY, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("job", args=[job.pk])
    assert (job.owner, job.status, job.file_name) == (alice, JobStatus.DONE, "mo-hinh.xlsx")
    assert (job.done, job.total) == (3, 3)
    prepared = xlsx_rows(client.get(reverse("job_download", args=[job.pk])))
    header, rows = body(prepared, "Mã mô hình")
    assert [row[0] for row in rows] == shown
    assert "kim son so" in str(prepared[1][0]) and alice.get_full_name() in str(prepared[2][0])

    # The very file the request would have built, but for the time in its stamp.
    settings.EXPORT_IN_REQUEST_MAX_ROWS = 100
    direct = xlsx_rows(client.get("/models/export.xlsx" + QUERY))
    assert direct[:2] == prepared[:2] and direct[3:] == prepared[3:]


def test_a_csv_of_another_list_is_prepared_the_same_way(
    client, secretary, limit, django_capture_on_commit_callbacks
):
    for number in range(3):
        MeetingFactory(title=f"Giao ban quý {number}")
    client.force_login(secretary)
    assert not client.get("/meetings/export.csv").has_header("Content-Disposition")
    _response, job = prepare(client, "/meetings/export.csv", django_capture_on_commit_callbacks)
    assert job.file_name == "cuoc-hop.csv" and job.content_type.startswith("text/csv")
    download = client.get(reverse("job_download", args=[job.pk]))
    _header, rows = body(csv_rows(download), "Tiêu đề")
    assert sorted(row[0] for row in rows) == ["Giao ban quý 0", "Giao ban quý 1", "Giao ban quý 2"]


def test_only_the_owner_gets_the_prepared_file(client, alice, bob, models, limit, django_capture_on_commit_callbacks):
    client.force_login(alice)
    _response, job = prepare(client, "/models/export.xlsx", django_capture_on_commit_callbacks)
    client.force_login(bob)
    for name in ("job", "job_status", "job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_who_may_not_read_the_list_gets_403_on_both_and_no_job(client, nobody, models, limit):
    client.force_login(nobody)
    assert client.get("/models/export.xlsx").status_code == 403
    assert client.post("/models/export.xlsx").status_code == 403
    assert not Job.objects.exists()


def test_a_job_whose_owner_lost_the_permission_fails_and_says_why(client, alice, models, limit):
    client.force_login(alice)
    client.post("/models/export.xlsx")  # queued: the job runs once the request's transaction commits
    job = Job.objects.get()
    alice.groups.clear()  # her role is taken away before it runs
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "Bạn không có quyền xem sổ theo dõi mô hình." in page


def test_a_list_page_itself_takes_no_post(client, alice):
    client.force_login(alice)
    assert client.post("/models/").status_code == 405
    assert not Job.objects.exists()


def test_the_review_queue_is_prepared_with_its_queue_filters_and_order(
    client, reviewer, other_agency, limit, django_capture_on_commit_callbacks
):
    waiting = [MovementModelFactory(submitted=True, owner_agency=other_agency) for _ in range(3)]
    MovementModelFactory(recognised=True, owner_agency=other_agency)  # in the list: in no queue
    client.force_login(reviewer)
    page = client.get("/reviews/export.csv?queue=submitted")
    assert page["Content-Type"].startswith("text/html") and "3 dòng" in page.content.decode()
    assert not Job.objects.exists()

    _response, job = prepare(client, "/reviews/export.csv?queue=submitted", django_capture_on_commit_callbacks)
    assert (job.owner, job.status, job.file_name) == (reviewer, JobStatus.DONE, "hang-doi-xet-duyet.csv")
    prepared = csv_rows(client.get(reverse("job_download", args=[job.pk])))
    assert prepared[0][0] == "Việc chờ thẩm định" and "Hồ sơ chờ công nhận" in prepared[1][0]
    _header, rows = body(prepared, "Mã mô hình")
    assert [row[0] for row in rows] == [model.code for model in waiting]


def test_the_review_queue_export_is_refused_to_officials_on_both_methods(client, alice, limit):
    client.force_login(alice)
    assert client.get("/reviews/export.xlsx").status_code == 403
    assert client.post("/reviews/export.xlsx").status_code == 403
    assert not Job.objects.exists()


def test_a_compilations_entries_are_prepared_and_refused_once_it_is_out_of_sight(
    client, reviewer, limit, django_capture_on_commit_callbacks
):
    compilation = CompilationFactory(created_by=reviewer, capacity=5, title="Tuyển tập 2025")
    chosen = [NominationFactory(compilation=compilation, written_up=True) for _ in range(3)]
    NominationFactory(compilation=compilation)  # nominated, not selected: not an entry
    url = reverse("compilations:entries_xlsx", args=[compilation.pk])
    client.force_login(reviewer)
    assert "3 dòng" in client.get(url).content.decode()

    _response, job = prepare(client, url, django_capture_on_commit_callbacks)
    assert (job.status, job.file_name) == (JobStatus.DONE, "tuyen-tap.xlsx")
    prepared = xlsx_rows(client.get(reverse("job_download", args=[job.pk])))
    assert prepared[0][0] == "Tuyển tập 2025"
    _header, rows = body(prepared, "Lĩnh vực")
    assert sorted(row[1] for row in rows) == sorted(nomination.model.code for nomination in chosen)

    client.post(url)  # queued; before it runs, the reviewer's role is taken away: an open compilation hides
    job = Job.objects.latest("created_at")
    reviewer.groups.clear()
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file
    assert "không còn" in client.get(reverse("job", args=[job.pk])).content.decode()
