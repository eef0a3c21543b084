"""The compilation's rules: capacity, only models in the list, one nomination per model, one score per
reviewer, separation of duties, the order by score, publishing and what it marks, read-only afterwards."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from compilations import services
from compilations.choices import CompilationStatus
from compilations.models import Compilation, Nomination, Score
from models_registry.choices import ModelStatus, Transition
from models_registry.models import ModelEvent
from tests.factories import MovementModelFactory
from tests.models_registry.helpers import edit_model_data

from .factories import CompilationFactory, ListedModelFactory, NominationFactory, ScoreFactory, photo_upload

MARKS = {"concrete_address": 7, "way_of_working": 8, "measurable_results": 9, "replicated": 6}


def _marks(value):
    return dict.fromkeys(MARKS, value)


def _scored(compilation, *reviewers, mark=5, **kwargs):
    nomination = NominationFactory(compilation=compilation, **kwargs)
    for reviewer in reviewers:
        ScoreFactory(
            nomination=nomination,
            reviewer=reviewer,
            concrete_address=mark,
            way_of_working=mark,
            measurable_results=mark,
            replicated=mark,
        )
    return nomination


# Creating ------------------------------------------------------------------------------------------


def test_a_reviewer_creates_a_compilation_of_100_by_default(reviewer):
    compilation = services.compilation_create(user=reviewer, title="Tuyển tập", first_year=2021, last_year=2025)
    assert (compilation.capacity, compilation.status) == (100, CompilationStatus.OPEN)
    assert compilation.history.count() == 1


def test_an_official_cannot_create_a_compilation(alice):
    with pytest.raises(PermissionDenied):
        services.compilation_create(user=alice, title="Tuyển tập", first_year=2021, last_year=2025)
    assert not Compilation.objects.exists()


@pytest.mark.parametrize("capacity", [0, -1])
def test_the_capacity_is_positive(reviewer, capacity):
    with pytest.raises(ValidationError):
        services.compilation_create(user=reviewer, title="T", first_year=2021, last_year=2025, capacity=capacity)


def test_the_period_ends_after_it_starts(reviewer):
    with pytest.raises(ValidationError):
        services.compilation_create(user=reviewer, title="T", first_year=2025, last_year=2021)


# Nominating ----------------------------------------------------------------------------------------


def test_a_reviewer_nominates_a_model_in_the_list(compilation, reviewer, listed_model):
    nomination = services.nominate(compilation=compilation, user=reviewer, model=listed_model, reason="Hay")
    assert nomination.nominated_by == reviewer
    assert nomination.history.get().history_user == reviewer


@pytest.mark.parametrize("status", [ModelStatus.DRAFT, ModelStatus.SUBMITTED, ModelStatus.REMOVED])
def test_only_models_in_the_list_can_be_nominated(compilation, reviewer, status):
    model = MovementModelFactory(status=status, recognition_year=2023 if status == ModelStatus.REMOVED else None)
    with pytest.raises(ValidationError) as error:
        services.nominate(compilation=compilation, user=reviewer, model=model)
    assert error.value.code == "not_in_list"
    assert not Nomination.objects.exists()


def test_a_flagged_model_is_still_in_the_list(compilation, reviewer):
    services.nominate(compilation=compilation, user=reviewer, model=MovementModelFactory(flagged=True))
    assert compilation.nominations.count() == 1


def test_a_model_recognised_outside_the_period_cannot_be_nominated(compilation, reviewer):
    model = ListedModelFactory(recognition_year=2019, year_started=2018)
    with pytest.raises(ValidationError) as error:
        services.nominate(compilation=compilation, user=reviewer, model=model)
    assert error.value.code == "outside_period"


def test_a_model_is_nominated_once_per_compilation(compilation, reviewer, reviewer2, listed_model):
    services.nominate(compilation=compilation, user=reviewer, model=listed_model)
    with pytest.raises(ValidationError) as error:
        services.nominate(compilation=compilation, user=reviewer2, model=listed_model)
    assert error.value.code == "duplicate"
    assert compilation.nominations.count() == 1
    # ...but it may be nominated for another compilation.
    services.nominate(compilation=CompilationFactory(created_by=reviewer), user=reviewer, model=listed_model)


def test_an_official_cannot_nominate(compilation, alice, listed_model):
    with pytest.raises(PermissionDenied):
        services.nominate(compilation=compilation, user=alice, model=listed_model)


# Scoring -------------------------------------------------------------------------------------------


def test_a_reviewer_scores_once_and_may_change_the_score(nomination, reviewer):
    services.score_nomination(nomination=nomination, user=reviewer, marks=MARKS, comment="Tốt")
    services.score_nomination(nomination=nomination, user=reviewer, marks=_marks(10))
    score = Score.objects.get()
    assert (score.reviewer, score.total) == (reviewer, 40)
    assert score.history.count() == 2


def test_the_database_keeps_one_score_per_reviewer(nomination, reviewer):
    ScoreFactory(nomination=nomination, reviewer=reviewer)
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError, whatever the database
        ScoreFactory(nomination=nomination, reviewer=reviewer)


def test_a_reviewer_does_not_score_models_of_their_own_agency_or_below(compilation, reviewer, sub_agency):
    reviewer.agency = sub_agency.parent
    reviewer.save()
    nomination = NominationFactory(compilation=compilation, model=ListedModelFactory(owner_agency=sub_agency))
    with pytest.raises(PermissionDenied):
        services.score_nomination(nomination=nomination, user=reviewer, marks=MARKS)
    assert not Score.objects.exists()


@pytest.mark.parametrize("value", [-1, 11])
def test_marks_are_between_0_and_10(nomination, reviewer, value):
    with pytest.raises(ValidationError):
        services.score_nomination(nomination=nomination, user=reviewer, marks={**MARKS, "replicated": value})
    assert not Score.objects.exists()


def test_every_criterion_needs_a_mark(nomination, reviewer):
    with pytest.raises(ValidationError):
        services.score_nomination(nomination=nomination, user=reviewer, marks={"concrete_address": 5})


def test_the_average_and_the_count_come_from_the_database(compilation, reviewer, reviewer2):
    nomination = NominationFactory(compilation=compilation)
    ScoreFactory(nomination=nomination, reviewer=reviewer, concrete_address=10)  # 34
    ScoreFactory(nomination=nomination, reviewer=reviewer2, concrete_address=4)  # 28
    row = Nomination.objects.with_scores().get()
    assert (row.score_count, row.average_score) == (2, 31.0)


def test_nominations_order_by_score_with_stable_ties(compilation, reviewer, reviewer2):
    low = _scored(compilation, reviewer, reviewer2, mark=3)
    first_tie = _scored(compilation, reviewer, reviewer2, mark=7)
    second_tie = _scored(compilation, reviewer, reviewer2, mark=7)
    high = _scored(compilation, reviewer, reviewer2, mark=9)
    unscored = NominationFactory(compilation=compilation)
    assert list(compilation.nominations.by_score()) == [high, first_tie, second_tie, low, unscored]


# Selecting -----------------------------------------------------------------------------------------


def test_select_highest_fills_up_to_the_capacity(compilation, reviewer, reviewer2):
    nominations = [_scored(compilation, reviewer, reviewer2, mark=mark) for mark in (2, 9, 5, 7, 8)]
    chosen = services.select_highest(compilation=compilation, user=reviewer)
    assert {n.pk for n in chosen} == {nominations[1].pk, nominations[4].pk, nominations[3].pk}
    assert compilation.nominations.selected().count() == compilation.capacity == 3


def test_select_highest_only_fills_the_remaining_places(compilation, reviewer, reviewer2):
    by_hand = _scored(compilation, reviewer, reviewer2, mark=1)
    services.nomination_select(nomination=by_hand, user=reviewer)
    for mark in (9, 8, 7, 6):
        _scored(compilation, reviewer, reviewer2, mark=mark)
    assert len(services.select_highest(compilation=compilation, user=reviewer)) == 2
    assert compilation.nominations.selected().count() == 3
    with pytest.raises(ValidationError) as error:
        services.select_highest(compilation=compilation, user=reviewer)
    assert error.value.code == "full"


def test_select_highest_needs_enough_scores(compilation, reviewer, reviewer2):
    once = _scored(compilation, reviewer, mark=10)
    twice = _scored(compilation, reviewer, reviewer2, mark=4)
    assert services.select_highest(compilation=compilation, user=reviewer) == [twice]
    once.refresh_from_db()
    assert not once.selected


def test_select_highest_skips_models_no_longer_in_the_list(compilation, reviewer, reviewer2):
    removed = _scored(compilation, reviewer, reviewer2, mark=10)
    type(removed.model).objects.filter(pk=removed.model_id).update(status=ModelStatus.REMOVED, removal_year=2024)
    assert services.select_highest(compilation=compilation, user=reviewer) == []


def test_no_selection_by_hand_beyond_the_capacity(compilation, reviewer):
    nominations = NominationFactory.create_batch(4, compilation=compilation)
    for nomination in nominations[:3]:
        services.nomination_select(nomination=nomination, user=reviewer)
    with pytest.raises(ValidationError) as error:
        services.nomination_select(nomination=nominations[3], user=reviewer)
    assert error.value.code == "full"
    assert "3 entries" in error.value.messages[0]
    nominations[3].refresh_from_db()
    assert not nominations[3].selected
    services.nomination_unselect(nomination=nominations[0], user=reviewer)
    services.nomination_select(nomination=nominations[3], user=reviewer)
    assert compilation.nominations.selected().count() == 3


def test_a_model_that_left_the_list_cannot_be_selected(nomination, reviewer):
    type(nomination.model).objects.filter(pk=nomination.model_id).update(status=ModelStatus.REMOVED, removal_year=2024)
    with pytest.raises(ValidationError) as error:
        services.nomination_select(nomination=nomination, user=reviewer)
    assert error.value.code == "not_in_list"


def test_selection_history_names_the_reviewer(nomination, reviewer):
    services.nomination_select(nomination=nomination, user=reviewer)
    latest = nomination.history.latest()
    assert (latest.selected, latest.history_user, latest.history_change_reason) == (True, reviewer, "select")


# Writing up ----------------------------------------------------------------------------------------


def test_a_write_up_with_a_photo(nomination, reviewer):
    services.nomination_write_up(nomination=nomination, user=reviewer, write_up=" Bài viết ", photo=photo_upload())
    nomination.refresh_from_db()
    assert nomination.write_up == "Bài viết"
    assert (nomination.photo_name, nomination.photo_content_type) == ("anh.png", "image/png")
    assert nomination.photo.read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.gif", b"GIF89a......"),  # an image, but not JPEG or PNG
        ("bao-cao.pdf", b"%PDF-1.4 ..."),  # allowed as evidence, not as a photo
        ("anh.png", b"<html><script>alert(1)</script>"),  # a page renamed .png
        ("anh.jpg", b"\x89PNG\r\n\x1a\n...."),  # PNG bytes named .jpg
    ],
)
def test_only_jpeg_or_png_photos(nomination, reviewer, name, content):
    with pytest.raises(ValidationError) as error:
        services.nomination_write_up(
            nomination=nomination, user=reviewer, write_up="x", photo=photo_upload(name, content)
        )
    assert error.value.code == "not_a_photo"
    nomination.refresh_from_db()
    assert not nomination.photo


def test_a_photo_has_a_bounded_size(nomination, reviewer, settings):
    settings.COMPILATION_PHOTO_MAX_SIZE = 100
    with pytest.raises(ValidationError) as error:
        services.nomination_write_up(
            nomination=nomination,
            user=reviewer,
            write_up="x",
            photo=photo_upload(content=b"\xff\xd8\xff" + b"0" * 200, name="anh.jpg"),
        )
    assert error.value.code == "photo_too_large"


# Publishing ----------------------------------------------------------------------------------------


def test_publishing_needs_a_selected_entry(compilation, reviewer):
    NominationFactory(compilation=compilation)
    with pytest.raises(ValidationError) as error:
        services.compilation_publish(compilation=compilation, user=reviewer)
    assert error.value.code == "empty"


def test_publishing_needs_every_selected_entry_written_up_with_a_photo(compilation, reviewer):
    NominationFactory(compilation=compilation, written_up=True)
    no_photo = NominationFactory(compilation=compilation, selected=True, write_up="Bài viết")
    with pytest.raises(ValidationError) as error:
        services.compilation_publish(compilation=compilation, user=reviewer)
    assert error.value.code == "not_written_up"
    assert no_photo.model.code in error.value.messages[0]
    compilation.refresh_from_db()
    assert compilation.status == CompilationStatus.OPEN


def test_publishing_needs_every_selected_model_still_in_the_list(compilation, reviewer):
    entry = NominationFactory(compilation=compilation, written_up=True)
    type(entry.model).objects.filter(pk=entry.model_id).update(status=ModelStatus.REMOVED, removal_year=2024)
    with pytest.raises(ValidationError) as error:
        services.compilation_publish(compilation=compilation, user=reviewer)
    assert error.value.code == "not_in_list"


def test_publishing_marks_the_selected_models_typical_with_a_history_entry(compilation, reviewer, alice):
    entry = NominationFactory(
        compilation=compilation, written_up=True, model=ListedModelFactory(owner_agency=alice.agency)
    )
    not_selected = NominationFactory(compilation=compilation)
    services.compilation_publish(compilation=compilation, user=reviewer)
    compilation.refresh_from_db()
    assert (compilation.status, compilation.published_by) == (CompilationStatus.PUBLISHED, reviewer)
    entry.model.refresh_from_db()
    not_selected.model.refresh_from_db()
    assert entry.model.is_typical and not not_selected.model.is_typical
    latest = entry.model.history.latest()
    assert (latest.is_typical, latest.history_user, latest.history_change_reason) == (
        True,
        reviewer,
        f"compilation:{compilation.pk}",
    )
    assert compilation.history.latest().history_change_reason == "publish"
    assert alice.notifications.count() == 1
    # The typical mark is a workflow decision like the others: an event on the model's timeline.
    event = ModelEvent.objects.get(model=entry.model, transition=Transition.MARK_TYPICAL)
    assert (event.actor, event.comment, event.from_status, event.to_status) == (
        reviewer, compilation.title, ModelStatus.RECOGNISED, ModelStatus.RECOGNISED,
    )


def test_an_edit_form_opened_before_publishing_cannot_undo_the_typical_mark(client, compilation, reviewer, alice):
    """The official opened the model's edit form; the compilation was published meanwhile; the official's save is
    refused (somebody else changed the model), so the typical mark stays."""
    entry = NominationFactory(
        compilation=compilation, written_up=True, model=ListedModelFactory(owner_agency=alice.agency)
    )
    client.force_login(alice)
    form = edit_model_data(entry.model, name="Tên mới")  # carries the version the form was opened at

    services.compilation_publish(compilation=compilation, user=reviewer)
    response = client.post(f"/models/{entry.model.pk}/edit/", form)

    assert response.status_code == 200  # the form again, with the refusal
    entry.model.refresh_from_db()
    assert entry.model.is_typical and entry.model.name != "Tên mới"


@pytest.fixture
def published(compilation, reviewer):
    NominationFactory(compilation=compilation, written_up=True)
    services.compilation_publish(compilation=compilation, user=reviewer)
    return compilation


def test_a_published_compilation_is_read_only(published, reviewer, reviewer2, listed_model):
    entry = published.nominations.get()
    other = NominationFactory(compilation=published)
    attempts = [
        lambda: services.nominate(compilation=published, user=reviewer, model=listed_model),
        lambda: services.score_nomination(nomination=entry, user=reviewer2, marks=MARKS),
        lambda: services.nomination_select(nomination=other, user=reviewer),
        lambda: services.nomination_unselect(nomination=entry, user=reviewer),
        lambda: services.select_highest(compilation=published, user=reviewer),
        lambda: services.nomination_write_up(nomination=entry, user=reviewer, write_up="Sửa"),
        lambda: services.compilation_publish(compilation=published, user=reviewer),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.code == "published"
    entry.refresh_from_db()
    assert entry.selected and entry.write_up != "Sửa"
    assert not Score.objects.exists()


def test_booklet_order_is_by_field_then_name(compilation):
    from tests.factories import FieldFactory

    second = FieldFactory(name="Văn hóa - xã hội", order=2)
    first = FieldFactory(name="Kinh tế", order=1)
    entries = [
        NominationFactory(compilation=compilation, selected=True, model=ListedModelFactory(field=field, name=name))
        for field, name in [(second, "A"), (first, "B"), (first, "A")]
    ]
    ordered = list(compilation.nominations.selected().in_booklet_order())
    assert ordered == [entries[2], entries[1], entries[0]]
