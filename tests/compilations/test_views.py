"""The pages: they call the services, show their refusals clearly, and change nothing when refused."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import translation

from compilations import services
from compilations.choices import CompilationStatus
from compilations.models import Compilation, Nomination, Score
from tests.documents import assert_a4_decree_layout
from tests.factories import FieldFactory, MovementModelFactory

from .factories import ListedModelFactory, NominationFactory, ScoreFactory, photo_upload


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


def test_create_a_compilation(as_reviewer):
    response = as_reviewer.post(
        reverse("compilations:create"),
        {"title": "100 mô hình tiêu biểu", "first_year": 2021, "last_year": 2025, "capacity": 100},
    )
    compilation = Compilation.objects.get()
    assert response.status_code == 302 and response["Location"] == compilation.get_absolute_url()
    assert compilation.capacity == 100


def test_the_create_form_refuses_a_zero_capacity(as_reviewer):
    response = as_reviewer.post(
        reverse("compilations:create"), {"title": "T", "first_year": 2021, "last_year": 2025, "capacity": 0}
    )
    assert response.status_code == 200
    assert not Compilation.objects.exists()


def test_nominate_by_code(as_reviewer, compilation, listed_model):
    response = as_reviewer.post(
        reverse("compilations:nominate", args=[compilation.pk]), {"code": listed_model.code.lower(), "reason": "Hay"}
    )
    assert response.status_code == 302
    assert compilation.nominations.get().model == listed_model


def test_the_nominate_form_says_why_a_model_outside_the_list_is_refused(as_reviewer, compilation):
    submitted = MovementModelFactory(submitted=True)
    response = as_reviewer.post(reverse("compilations:nominate", args=[compilation.pk]), {"code": submitted.code})
    assert response.status_code == 200
    assert "only models in the list can be in a compilation" in response.content.decode()
    assert not Nomination.objects.exists()


def test_the_nominate_page_finds_models_in_the_list_not_yet_nominated(as_reviewer, compilation):
    wanted = ListedModelFactory(name="Dân vận khéo trong xây dựng nông thôn mới")
    ListedModelFactory(name="Dân vận khéo nông thôn – recognised too early", recognition_year=2019, year_started=2018)
    MovementModelFactory(name="Dân vận khéo nông thôn – a draft")
    NominationFactory(compilation=compilation, model=ListedModelFactory(name="Dân vận khéo nông thôn – nominated"))
    response = as_reviewer.get(reverse("compilations:nominate", args=[compilation.pk]), {"q": "nong thon"})
    assert list(response.context["found"]) == [wanted]


def test_score_a_nomination(as_reviewer, nomination):
    response = as_reviewer.post(
        reverse("compilations:score", args=[nomination.compilation_id, nomination.pk]),
        {"concrete_address": 9, "way_of_working": 8, "measurable_results": 7, "replicated": 6, "comment": "Tốt"},
    )
    assert response.status_code == 302
    assert Score.objects.get().total == 30


def test_the_score_form_keeps_marks_in_range(as_reviewer, nomination):
    response = as_reviewer.post(
        reverse("compilations:score", args=[nomination.compilation_id, nomination.pk]),
        {"concrete_address": 11, "way_of_working": 8, "measurable_results": 7, "replicated": 6},
    )
    assert response.status_code == 200
    assert not Score.objects.exists()


def test_a_reviewer_cannot_open_the_score_form_for_their_own_agency(client, reviewer, nomination):
    reviewer.agency = nomination.model.owner_agency
    reviewer.save()
    client.force_login(reviewer)
    response = client.get(reverse("compilations:score", args=[nomination.compilation_id, nomination.pk]))
    assert response.status_code == 403


def test_selecting_beyond_the_capacity_shows_why(as_reviewer, compilation):
    for _n in range(3):
        NominationFactory(compilation=compilation, selected=True)
    extra = NominationFactory(compilation=compilation)
    response = as_reviewer.post(
        reverse("compilations:select", args=[compilation.pk, extra.pk]), {"selected": "1"}, follow=True
    )
    assert "already holds 3 entries" in response.content.decode()
    extra.refresh_from_db()
    assert not extra.selected


def test_unselect(as_reviewer, compilation):
    entry = NominationFactory(compilation=compilation, selected=True)
    as_reviewer.post(reverse("compilations:select", args=[compilation.pk, entry.pk]), {"selected": "0"})
    entry.refresh_from_db()
    assert not entry.selected


def test_select_the_highest_scoring_from_the_page(as_reviewer, compilation, reviewer, reviewer2):
    for _n in range(4):
        nomination = NominationFactory(compilation=compilation)
        ScoreFactory(nomination=nomination, reviewer=reviewer)
        ScoreFactory(nomination=nomination, reviewer=reviewer2)
    as_reviewer.post(reverse("compilations:select_highest", args=[compilation.pk]))
    assert compilation.nominations.selected().count() == 3


def test_write_up_with_a_photo_from_the_page(as_reviewer, nomination):
    response = as_reviewer.post(
        reverse("compilations:write_up", args=[nomination.compilation_id, nomination.pk]),
        {"write_up": "Bài giới thiệu ngắn.", "photo": photo_upload("anh.png")},
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.write_up == "Bài giới thiệu ngắn." and nomination.photo


def test_the_write_up_form_refuses_a_pdf_as_photo(as_reviewer, nomination):
    response = as_reviewer.post(
        reverse("compilations:write_up", args=[nomination.compilation_id, nomination.pk]),
        {"write_up": "Bài giới thiệu.", "photo": photo_upload("bao-cao.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 200
    assert "upload a JPEG or PNG image" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.write_up == ""


def test_the_photo_is_served_as_an_image_not_sniffed(as_reviewer, compilation):
    entry = NominationFactory(compilation=compilation, written_up=True)
    response = as_reviewer.get(reverse("compilations:photo", args=[compilation.pk, entry.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_publish_from_the_page(as_reviewer, compilation):
    NominationFactory(compilation=compilation, written_up=True)
    as_reviewer.post(reverse("compilations:publish", args=[compilation.pk]))
    compilation.refresh_from_db()
    assert compilation.status == CompilationStatus.PUBLISHED


def test_publish_refused_shows_why(as_reviewer, compilation):
    response = as_reviewer.post(reverse("compilations:publish", args=[compilation.pk]), follow=True)
    assert "Select at least one entry before publishing." in response.content.decode()


def test_the_compilation_page_sorts_by_score_and_filters_by_field(as_reviewer, compilation, reviewer2):
    economy = FieldFactory(name="Kinh tế", order=1)
    low = NominationFactory(compilation=compilation, model=ListedModelFactory(field=economy))
    high = NominationFactory(compilation=compilation, model=ListedModelFactory(field=economy))
    elsewhere = NominationFactory(compilation=compilation)
    ScoreFactory(nomination=low, reviewer=reviewer2, replicated=1)
    ScoreFactory(nomination=high, reviewer=reviewer2, replicated=10)
    page = reverse("compilations:detail", args=[compilation.pk])
    assert list(as_reviewer.get(page).context["rows"]) == [high, low, elsewhere]
    assert list(as_reviewer.get(page, {"o": "score"}).context["rows"]) == [elsewhere, low, high]
    assert list(as_reviewer.get(page, {"field": economy.pk}).context["rows"]) == [high, low]


def test_the_compilation_page_has_a_fixed_number_of_queries(
    as_reviewer, compilation, reviewer2, django_assert_max_num_queries
):
    for _n in range(15):
        ScoreFactory(nomination=NominationFactory(compilation=compilation, selected=True), reviewer=reviewer2)
    with django_assert_max_num_queries(15):
        response = as_reviewer.get(reverse("compilations:detail", args=[compilation.pk]))
    assert len(response.context["rows"]) == 15


def test_officials_see_only_the_selected_entries_of_a_published_compilation(client, alice, compilation, reviewer):
    entry = NominationFactory(compilation=compilation, written_up=True)
    NominationFactory(compilation=compilation)
    services.compilation_publish(compilation=compilation, user=reviewer)
    client.force_login(alice)
    response = client.get(reverse("compilations:detail", args=[compilation.pk]))
    assert list(response.context["rows"]) == [entry]
    assert reverse("compilations:publish", args=[compilation.pk]) not in response.content.decode()


def test_the_booklet_has_a_title_page_and_the_entries_by_field(client, leader, compilation):
    culture = FieldFactory(name="Văn hóa - xã hội", order=2)
    economy = FieldFactory(name="Kinh tế", order=1)
    NominationFactory(
        compilation=compilation,
        written_up=True,
        write_up="Bài về đường làng.",
        model=ListedModelFactory(
            field=culture, name="Đường làng sáng – xanh – sạch – đẹp", results="Lắp 300 bóng đèn."
        ),
    )
    NominationFactory(
        compilation=compilation,
        written_up=True,
        write_up="Bài về hợp tác xã.",
        model=ListedModelFactory(field=economy, name="Hợp tác xã kiểu mới"),
    )
    NominationFactory(compilation=compilation, model=ListedModelFactory(name="Không được chọn"))
    client.force_login(leader)
    response = client.get(reverse("compilations:booklet", args=[compilation.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    document = docx.Document(io.BytesIO(response.content))
    assert_a4_decree_layout(document)
    text = [paragraph.text for paragraph in document.paragraphs]
    assert compilation.title.upper() in text
    assert "Period 2021–2025" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Kinh tế",
        "1. Hợp tác xã kiểu mới",
        "Văn hóa - xã hội",
        "2. Đường làng sáng – xanh – sạch – đẹp",
    ]
    body = "\n".join(text)
    assert "Bài về đường làng." in body and "Lắp 300 bóng đèn." in body
    assert "Không được chọn" not in body
    assert len(document.inline_shapes) == 2  # the photos


def test_the_booklet_speaks_vietnamese_by_default(client, leader, compilation, settings):
    settings.LANGUAGE_CODE = "vi"  # the project's default, which this folder's autouse fixture sets aside
    NominationFactory(compilation=compilation, written_up=True, model=ListedModelFactory(name="Hợp tác xã kiểu mới"))
    client.force_login(leader)
    with translation.override("vi"):
        response = client.get(reverse("compilations:booklet", args=[compilation.pk]))
    text = [paragraph.text for paragraph in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "Giai đoạn 2021–2025" in text


def test_the_entries_page_groups_the_selected_entries_by_field(client, alice, compilation, reviewer):
    culture = FieldFactory(name="Văn hóa - xã hội", order=2)
    economy = FieldFactory(name="Kinh tế", order=1)
    for field in (culture, economy, economy):
        NominationFactory(compilation=compilation, written_up=True, model=ListedModelFactory(field=field))
    NominationFactory(compilation=compilation)
    services.compilation_publish(compilation=compilation, user=reviewer)
    client.force_login(alice)
    response = client.get(reverse("compilations:entries", args=[compilation.pk]))
    assert [(field.name, len(entries)) for field, entries in response.context["fields"]] == [
        ("Kinh tế", 2),
        ("Văn hóa - xã hội", 1),
    ]


@pytest.mark.parametrize("which", ["list", "entries"])
def test_list_and_entries_pages_have_a_fixed_number_of_queries(
    as_reviewer, compilation, which, django_assert_max_num_queries
):
    for _n in range(12):
        NominationFactory(compilation=compilation, written_up=True)
    url = reverse("compilations:list") if which == "list" else reverse("compilations:entries", args=[compilation.pk])
    with django_assert_max_num_queries(10):
        assert as_reviewer.get(url).status_code == 200
