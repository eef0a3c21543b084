"""The review workflow as people see it: flags on the home and model pages, the answer form, the
timeline, removed models, the review queue, candidates for review, review rounds and bulk actions.

Pages are read in English (the `django_language` cookie) so that assertions can quote the interface.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from models_registry.choices import FlagOutcome, FlagReason, ModelStatus, RoundOutcome, Transition
from models_registry.models import (
    AdministrativeUnit,
    Field,
    IndicatorType,
    ModelEvent,
    MovementModel,
    ReviewFlag,
    ReviewRound,
    RoundEntry,
)
from tests.factories import AdministrativeUnitFactory, AgencyFactory, FieldFactory, UserFactory
from tests.pages import home_panel

from . import steps
from .steps import visible_text

S = ModelStatus


def result_count(response) -> str:
    return visible_text(re.search(r'id="result-count">(.*?)</p>', response.content.decode(), re.S).group(1))


def ddmmyyyy(day) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def reader(client):
    return steps.english(client)


# Flags on the official's pages ---------------------------------------------------------------------


def test_an_open_flag_shows_on_the_owning_officials_home_page(reader, alice, reviewer):
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer, name="Tổ hòa giải ở cơ sở")
    steps.flag(model, reviewer, reason=FlagReason.NO_RESULTS, deadline=steps.in_days(20))
    reader.force_login(alice)

    text = visible_text(reader.get("/"))

    assert "Flags waiting for your agency's answer" in text
    deadline = ddmmyyyy(steps.in_days(20))
    assert f"{model.code} · Tổ hòa giải ở cơ sở — No measurable results; answer by {deadline}" in text


def test_another_agencys_official_does_not_see_the_flag_at_home(reader, alice, bob, reviewer):
    model = steps.model_at(S.FLAGGED, official=alice, reviewer=reviewer)
    reader.force_login(bob)

    text = visible_text(reader.get("/"))

    assert "Flags waiting for your agency's answer" not in text
    assert model.code not in text


def test_an_open_flag_shows_on_the_model_page_with_the_answer_button(reader, alice, reviewer):
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)
    steps.flag(model, reviewer, reason=FlagReason.MERGED, explanation="Đã sáp nhập vào mô hình của xã.",
               deadline=steps.in_days(10))
    reader.force_login(alice)

    response = reader.get(f"/models/{model.pk}/")

    text = visible_text(response)
    assert "Flagged as possibly ineffective: Merged into another model" in text
    assert "Đã sáp nhập vào mô hình của xã." in text
    assert f"the agency answers by {ddmmyyyy(steps.in_days(10))}" in text
    assert f'href="/models/{model.pk}/answer/"' in response.content.decode()


def test_the_answer_form_records_the_answer_new_indicators_and_files(reader, alice, reviewer):
    model = steps.model_at(S.FLAGGED, official=alice, reviewer=reviewer)
    workdays = IndicatorType.objects.get(name="Ngày công lao động")
    reader.force_login(alice)
    assert reader.get(f"/models/{model.pk}/answer/").status_code == 200

    response = reader.post(
        f"/models/{model.pk}/answer/",
        {
            "answer": "Năm 2025 mô hình vẫn duy trì sinh hoạt hằng tháng.",
            "improvement_plan": "Nhân rộng ra 3 thôn.",
            "attachments": [steps.pdf("bao-cao-2025.pdf")],
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-indicator_type": workdays.pk,
            "indicators-0-value": "1250",
            "indicators-0-year": "2025",
        },
    )

    assert response.status_code == 302
    model.refresh_from_db()
    flag = ReviewFlag.objects.get(model=model)
    assert model.status == S.UNDER_REVIEW
    assert (flag.answer, flag.improvement_plan, flag.answered_by) == (
        "Năm 2025 mô hình vẫn duy trì sinh hoạt hằng tháng.", "Nhân rộng ra 3 thôn.", alice
    )
    assert model.indicators.get(indicator_type=workdays, year=2025).value == 1250
    answered = ModelEvent.objects.get(model=model, transition=Transition.ANSWER)
    assert [a.original_name for a in answered.attachments.all()] == ["bao-cao-2025.pdf"]
    text = visible_text(reader.get(f"/models/{model.pk}/"))
    assert "The agency's answer Năm 2025 mô hình vẫn duy trì sinh hoạt hằng tháng." in text
    assert "Improvement plan Nhân rộng ra 3 thôn." in text
    assert "Ngày công lao động 2025 1,250 ngày công" in text


# The timeline ------------------------------------------------------------------------------------


def timeline_entries(response) -> list[str]:
    """The visible text of each entry of the model's history tab, newest first."""
    page = response.content.decode()
    timeline = page[page.index('<ol class="timeline">'):]
    timeline = timeline[: timeline.index("</ol>\n</section>")]
    return [visible_text(chunk) for chunk in re.split(r"<li>\s*<p><time", timeline)[1:]]


def test_the_model_page_shows_every_step_with_who_why_decision_and_evidence(reader, alice, reviewer, leader):
    rosa = UserFactory(first_name="Lê", last_name="Thị Rosa", roles=[Role.REVIEWER])
    model = steps.model_at(S.DRAFT, official=alice, reviewer=reviewer)
    today = ddmmyyyy(steps.in_days(0))
    steps.submit(model, alice)
    steps.return_for_revision(model, reviewer, comment="Thiếu số liệu năm 2024.")
    steps.submit(model, alice)
    steps.recognise(model, reviewer, number="45/QĐ-BCĐ", date=steps.in_days(-2))
    steps.flag(model, reviewer, reason=FlagReason.DUPLICATE, explanation="Trùng với mô hình của xã bên.",
               deadline=steps.in_days(30), evidence=[steps.pdf("bien-ban-kiem-tra.pdf")])
    steps.answer(model, alice, text="Hai mô hình khác nhau về đối tượng.", attachments=[steps.pdf("giai-trinh.pdf")])
    steps.remove(model, rosa, number="07/QĐ-BCĐ", comment="Trùng lặp, hợp nhất với mô hình của xã bên.")
    steps.restore(model, reviewer, number="19/QĐ-BCĐ", comment="Tách riêng trở lại.")
    reader.force_login(leader)  # a reader who takes no part in the workflow

    response = reader.get(model.get_history_url())

    workflow = [entry for entry in timeline_entries(response) if "Status:" in entry]
    expected = [
        (reviewer, "Restored to the list", ["Status: Removed from the list → Recognised",
                                            f"Decision: 19/QĐ-BCĐ ({today})", "Comment: Tách riêng trở lại."]),
        (rosa, "Removed from the list", ["Status: Answered, under review → Removed from the list",
                                         "Reason: Duplicate of another model", f"Decision: 07/QĐ-BCĐ ({today})",
                                         "Comment: Trùng lặp, hợp nhất với mô hình của xã bên."]),
        (alice, "Answered the flag", ["Status: Flagged as possibly ineffective → Answered, under review",
                                      "Comment: Hai mô hình khác nhau về đối tượng.", "Evidence: giai-trinh.pdf"]),
        (reviewer, "Flagged as possibly ineffective", [
            "Status: Recognised → Flagged as possibly ineffective", "Reason: Duplicate of another model",
            "Comment: Trùng với mô hình của xã bên.", f"Answer by: {ddmmyyyy(steps.in_days(30))}",
            "Evidence: bien-ban-kiem-tra.pdf"]),
        (reviewer, "Recognised", ["Status: Submitted → Recognised",
                                  f"Decision: 45/QĐ-BCĐ ({ddmmyyyy(steps.in_days(-2))})"]),
        (alice, "Submitted for recognition", ["Status: Returned for revision → Submitted"]),
        (reviewer, "Returned for revision", ["Status: Submitted → Returned for revision",
                                             "Comment: Thiếu số liệu năm 2024."]),
        (alice, "Submitted for recognition", ["Status: Draft → Submitted"]),
    ]
    assert len(workflow) == len(expected)
    for entry, (who, summary, details) in zip(workflow, expected, strict=True):
        assert f"· {who} · {summary} " in entry
        for detail in details:
            assert detail in entry
    # The evidence is linked, and opens for the reader.
    for attachment in model.attachments.all():
        link = f'href="/models/{model.pk}/attachments/{attachment.pk}/"'
        assert link in response.content.decode()
        assert reader.get(f"/models/{model.pk}/attachments/{attachment.pk}/").status_code == 200


# Removed models ----------------------------------------------------------------------------------


@pytest.fixture
def three_models(alice, reviewer):
    """Alice's agency: one recognised, one flagged (still in the list), one removed."""
    return {
        status: steps.model_at(status, official=alice, reviewer=reviewer, name=f"Mô hình {status.label}")
        for status in (S.RECOGNISED, S.FLAGGED, S.REMOVED)
    }


def test_a_removed_model_leaves_the_list_and_its_count(reader, leader, three_models):
    removed = three_models[S.REMOVED]
    reader.force_login(leader)

    response = reader.get("/models/")

    assert result_count(response) == "2 models"
    assert MovementModel.objects.in_list().count() == 2
    assert {m.pk for m in response.context["models"]} == {three_models[S.RECOGNISED].pk, three_models[S.FLAGGED].pk}
    assert removed.code not in response.content.decode()


def test_removed_models_are_listed_on_request_and_stay_readable(reader, leader, three_models):
    removed = three_models[S.REMOVED]
    reader.force_login(leader)

    listed = reader.get("/models/?status=removed")
    page = reader.get(f"/models/{removed.pk}/")

    assert result_count(listed) == "1 model"
    assert [m.pk for m in listed.context["models"]] == [removed.pk]
    assert page.status_code == 200
    text = visible_text(page)
    assert "This model was removed from the list. It stays readable with its whole history" in text
    assert "Removed from the list" in " ".join(timeline_entries(reader.get(removed.get_history_url())))


def test_the_officials_home_counts_agree_with_the_list(reader, alice, three_models):
    reader.force_login(alice)

    counts = home_panel(reader.get("/"), "models_registry/panels/agency_models.html")["counts"]

    assert (counts["in_list"], counts["removed"]) == (2, 1)
    assert counts["in_list"] == MovementModel.objects.in_list().filter(owner_agency=alice.agency).count()


def test_restoring_brings_a_removed_model_back_into_the_list(reader, reviewer, three_models):
    removed = three_models[S.REMOVED]
    reader.force_login(reviewer)

    response = reader.post(
        f"/models/{removed.pk}/restore/",
        {"comment": "Hoạt động trở lại.", "decision_number": "19/QĐ-BCĐ", "decision_date": steps.in_days(0)},
    )

    assert response.status_code == 302
    assert result_count(reader.get("/models/")) == "3 models"
    assert list(reader.get("/models/?status=removed").context["models"]) == []


# The review queue --------------------------------------------------------------------------------


@pytest.fixture
def queue(alice, bob, reviewer):
    """What waits for reviewers, spread over two agencies, two fields and two units."""
    fields = FieldFactory(name="Kinh tế"), FieldFactory(name="Quốc phòng – an ninh")
    thanh_binh = AdministrativeUnit.objects.get(code="14326", valid_from__isnull=True)  # merged in 2025
    other_unit = AdministrativeUnitFactory()

    def at(status, official, field, unit, name):
        return steps.model_at(status, official=official, reviewer=reviewer, field=field, registered_unit=unit,
                              name=name)

    made = {
        "submitted_alice": at(S.SUBMITTED, alice, fields[0], thanh_binh, "Nộp của Kim Sơn"),
        "submitted_bob": at(S.SUBMITTED, bob, fields[1], other_unit, "Nộp của Yên Mô"),
        "answered_alice": at(S.UNDER_REVIEW, alice, fields[1], other_unit, "Đã giải trình của Kim Sơn"),
        "overdue_bob": at(S.FLAGGED, bob, fields[0], thanh_binh, "Quá hạn của Yên Mô"),
        "flagged_in_time": at(S.FLAGGED, alice, fields[0], other_unit, "Còn hạn của Kim Sơn"),
    }
    ReviewFlag.objects.filter(model=made["overdue_bob"]).update(deadline=steps.in_days(-1))
    return made


def queue_codes(response):
    return {model.code for model in response.context["models"]}


def test_the_review_queue_has_a_tab_and_a_count_for_each_kind_of_work(reader, reviewer, queue):
    reader.force_login(reviewer)

    response = reader.get("/reviews/")

    tabs = {key: count for key, _label, count in response.context["queues"]}
    assert tabs == {"submitted": 2, "overdue": 1, "answered": 1}
    text = visible_text(response)
    assert "Submissions to recognise 2 Flags past their deadline 1 Answers to decide on 1" in text
    assert queue_codes(response) == {queue["submitted_alice"].code, queue["submitted_bob"].code}
    assert queue_codes(reader.get("/reviews/?queue=overdue")) == {queue["overdue_bob"].code}
    assert queue_codes(reader.get("/reviews/?queue=answered")) == {queue["answered_alice"].code}


def test_the_reviewers_home_counts_agree_with_the_queue(reader, reviewer, queue):
    reader.force_login(reviewer)

    counts = home_panel(reader.get("/"), "models_registry/panels/reviews.html")["counts"]

    assert counts == {"submitted": 2, "overdue": 1, "answered": 1}


@pytest.mark.parametrize(
    ("filter_by", "expected"),
    [
        ("agency", {"submitted": ["submitted_alice"], "overdue": [], "answered": ["answered_alice"]}),
        ("field", {"submitted": ["submitted_alice"], "overdue": ["overdue_bob"], "answered": []}),
        ("unit", {"submitted": ["submitted_alice"], "overdue": ["overdue_bob"], "answered": []}),
    ],
)
def test_the_review_queue_filters_by_agency_field_and_unit(filter_by, expected, reader, reviewer, queue):
    submitted = queue["submitted_alice"]
    value = {
        "agency": submitted.owner_agency_id,
        "field": submitted.field_id,
        # The unit today: the model registered in the merged commune is found under its successor.
        "unit": submitted.registered_unit.successors.get().pk,
    }[filter_by]
    reader.force_login(reviewer)

    for key, names in expected.items():
        response = reader.get("/reviews/", {"queue": key, filter_by: value})
        assert queue_codes(response) == {queue[name].code for name in names}, key
        assert {k: count for k, _label, count in response.context["queues"]}[key] == len(names)


def test_the_review_queue_needs_the_same_queries_however_long_it_is(reader, reviewer, alice):
    reader.force_login(reviewer)
    for _ in range(2):
        steps.model_at(S.SUBMITTED, official=alice, reviewer=reviewer)
    reader.get("/reviews/")  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        reader.get("/reviews/")
    for _ in range(3):
        steps.model_at(S.SUBMITTED, official=alice, reviewer=reviewer)
    reader.get("/reviews/")  # the factory made new units: the filters' drop-downs are read again, once

    with CaptureQueriesContext(connection) as more:
        response = reader.get("/reviews/")

    assert len(response.context["models"]) == 5
    assert len(more) == len(few)


# Candidates for review ---------------------------------------------------------------------------


def candidate_codes(response):
    return {model.code for model in response.context["page_obj"].object_list}


def test_models_without_new_results_for_long_are_candidates(reader, alice, reviewer, settings):
    settings.REVIEW_STALE_MONTHS = 6
    stale = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)
    fresh = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)
    stale_but_removed = steps.model_at(S.REMOVED, official=alice, reviewer=reviewer)
    seven_months_ago = timezone.now() - timedelta(days=213)
    MovementModel.objects.filter(pk__in=[stale.pk, stale_but_removed.pk]).update(results_updated_at=seven_months_ago)
    MovementModel.objects.filter(pk=fresh.pk).update(results_updated_at=timezone.now() - timedelta(days=150))
    reader.force_login(reviewer)

    response = reader.get("/reviews/candidates/?kind=stale")

    assert candidate_codes(response) == {stale.code}
    assert "have not changed for 6 months" in visible_text(response)
    settings.REVIEW_STALE_MONTHS = 18
    assert candidate_codes(reader.get("/reviews/candidates/?kind=stale")) == set()


def test_answering_with_new_results_takes_a_model_off_the_stale_list(reader, alice, reviewer):
    model = steps.model_at(S.FLAGGED, official=alice, reviewer=reviewer)
    MovementModel.objects.filter(pk=model.pk).update(results_updated_at=timezone.now() - timedelta(days=800))
    workdays = IndicatorType.objects.get(name="Ngày công lao động")
    reader.force_login(reviewer)
    assert candidate_codes(reader.get("/reviews/candidates/?kind=stale")) == {model.code}

    steps.answer(model, alice, indicators=[steps.services.IndicatorData(workdays, 300, 2025)])

    assert candidate_codes(reader.get("/reviews/candidates/?kind=stale")) == set()


def test_models_of_dissolved_units_or_agencies_are_candidates(reader, alice, reviewer):
    thanh_binh = AdministrativeUnit.objects.get(code="14326", valid_from__isnull=True)
    assert thanh_binh.valid_to is not None  # Phường Thanh Bình was merged on 1 January 2025
    in_merged_unit = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer, registered_unit=thanh_binh)
    dissolved = AgencyFactory(name="Ban Dân vận Huyện ủy Hoa Lư (cũ)")
    official = UserFactory(agency=dissolved, roles=[Role.OFFICIAL])
    of_dissolved_agency = steps.model_at(S.RECOGNISED, official=official, reviewer=reviewer)
    dissolved.is_active = False
    dissolved.save()
    steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)  # a current unit and agency
    reader.force_login(reviewer)

    response = reader.get("/reviews/candidates/?kind=reorganised")

    assert candidate_codes(response) == {in_merged_unit.code, of_dissolved_agency.code}
    assert f"Phường Thanh Bình (until {ddmmyyyy(thanh_binh.valid_to)})" in visible_text(response)


def test_likely_duplicates_are_found_without_diacritics(reader, alice, reviewer):
    unit, field = AdministrativeUnitFactory(), Field.objects.get(name="Kinh tế")

    def model(name, **kwargs):
        kwargs = {"registered_unit": unit, "field": field, **kwargs}
        return steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer, name=name, **kwargs)

    original = model("Dân vận khéo trong xây dựng nông thôn mới")
    without_accents = model("Dan van kheo trong xay dung nong thon moi")
    one_word_more = model("Dân vận khéo trong xây dựng nông thôn kiểu mới")
    model("Tổ tự quản an ninh trật tự khu dân cư")  # same unit and field, another subject
    model("Dân vận khéo trong xây dựng nông thôn mới", registered_unit=AdministrativeUnitFactory())  # elsewhere
    model("Dân vận khéo trong xây dựng nông thôn mới", field=Field.objects.get(name="Quốc phòng – an ninh"))
    reader.force_login(reviewer)

    response = reader.get("/reviews/candidates/?kind=duplicates")

    pairs = {frozenset((pair.first.code, pair.second.code)) for pair in response.context["page_obj"].object_list}
    assert pairs == {
        frozenset((original.code, without_accents.code)),
        frozenset((original.code, one_word_more.code)),
        frozenset((without_accents.code, one_word_more.code)),
    }
    first = response.context["page_obj"].object_list[0]
    assert {first.first.code, first.second.code} == {original.code, without_accents.code}  # identical first
    assert "100%" in visible_text(response)


# Review rounds -----------------------------------------------------------------------------------


@pytest.fixture
def scope(alice, bob, reviewer, sub_agency):
    """Models of alice's agency (and the one beneath it) in every status, and one of bob's."""

    def at(status, official=alice, **kwargs):
        return steps.model_at(status, official=official, reviewer=reviewer, **kwargs)

    return {
        "effective": at(S.RECOGNISED),
        "to_remove": at(S.RECOGNISED),
        "to_keep": at(S.RECOGNISED),
        "already_flagged": at(S.FLAGGED),
        "beneath": at(S.RECOGNISED, owner_agency=sub_agency),
        "draft": at(S.DRAFT),
        "submitted": at(S.SUBMITTED),
        "removed": at(S.REMOVED),
        "other_agency": at(S.RECOGNISED, official=bob),
    }


IN_ROUND = ["effective", "to_remove", "to_keep", "already_flagged", "beneath"]


def open_round(reader, alice):
    response = reader.post(
        "/reviews/rounds/new/",
        {"year": timezone.localdate().year - 1, "title": "Bình xét mô hình năm trước", "agencies": [alice.agency_id]},
    )
    assert response.status_code == 302
    return ReviewRound.objects.get(title="Bình xét mô hình năm trước")


def progress(reader, review_round) -> str:
    page = reader.get(f"/reviews/rounds/{review_round.pk}/").content.decode()
    return visible_text(re.search(r'id="round-progress">(.*?)</strong>', page).group(1))


def test_a_round_over_an_agency_holds_its_models_in_the_list(reader, reviewer, alice, scope):
    reader.force_login(reviewer)

    review_round = open_round(reader, alice)

    assert {entry.model_id for entry in review_round.entries.all()} == {scope[name].pk for name in IN_ROUND}
    # A model already flagged is already under review: it counts as flagged from the start.
    assert RoundEntry.objects.get(round=review_round, model=scope["already_flagged"]).outcome == RoundOutcome.FLAGGED
    assert progress(reader, review_round) == "1 / 5"


def test_a_round_cannot_close_while_models_are_pending(reader, reviewer, alice, scope):
    reader.force_login(reviewer)
    review_round = open_round(reader, alice)

    response = reader.post(f"/reviews/rounds/{review_round.pk}/close/", follow=True)

    assert "4 models of this round are not reviewed yet" in visible_text(response)
    review_round.refresh_from_db()
    assert review_round.is_open


def test_confirming_and_flagging_through_the_round_completes_it(reader, reviewer, alice, scope):
    reader.force_login(reviewer)
    review_round = open_round(reader, alice)

    confirmed = reader.post(
        f"/reviews/rounds/{review_round.pk}/confirm/",
        {"models": [scope["effective"].pk, scope["beneath"].pk]},
        follow=True,
    )
    assert "2 models were marked effective." in visible_text(confirmed)
    assert progress(reader, review_round) == "3 / 5"
    for name in ("to_remove", "to_keep"):
        flag_page = f"/models/{scope[name].pk}/flag/?round={review_round.pk}"
        assert f'name="round" value="{review_round.pk}"' in reader.get(flag_page).content.decode()
        response = reader.post(flag_page, {
            "round": review_round.pk, "reason": FlagReason.NO_RESULTS, "explanation": "Không có kết quả năm qua.",
            "deadline": steps.in_days(30),
        })
        assert response.status_code == 302

    assert progress(reader, review_round) == "5 / 5"
    assert set(ReviewFlag.objects.filter(round=review_round).values_list("model", flat=True)) == {
        scope["to_remove"].pk, scope["to_keep"].pk
    }
    outcomes = dict(review_round.entries.values_list("model_id", "outcome"))
    assert outcomes == {
        scope["effective"].pk: RoundOutcome.EFFECTIVE,
        scope["beneath"].pk: RoundOutcome.EFFECTIVE,
        scope["to_remove"].pk: RoundOutcome.FLAGGED,
        scope["to_keep"].pk: RoundOutcome.FLAGGED,
        scope["already_flagged"].pk: RoundOutcome.FLAGGED,
    }


def test_marking_several_models_effective_is_all_or_nothing(reader, reviewer, alice, scope):
    reader.force_login(reviewer)
    review_round = open_round(reader, alice)
    # The already flagged model cannot be confirmed: the other one must not be confirmed alone.
    response = reader.post(
        f"/reviews/rounds/{review_round.pk}/confirm/",
        {"models": [scope["effective"].pk, scope["already_flagged"].pk]},
        follow=True,
    )
    assert "is not possible for a model that is" in visible_text(response)
    assert progress(reader, review_round) == "1 / 5"
    assert not ModelEvent.objects.filter(transition=Transition.CONFIRM).exists()


def test_a_closed_round_shows_how_many_flagged_models_were_kept_and_removed(reader, reviewer, alice, scope):
    reader.force_login(reviewer)
    review_round = open_round(reader, alice)
    for name in ("effective", "beneath"):
        steps.services.round_confirm(round=review_round, model=scope[name], user=reviewer)
    for name in ("to_remove", "to_keep"):
        steps.flag(scope[name], reviewer, round=review_round)
    steps.remove(scope["to_remove"], reviewer)
    steps.keep(scope["to_keep"], reviewer)

    response = reader.post(f"/reviews/rounds/{review_round.pk}/close/", follow=True)

    review_round.refresh_from_db()
    assert not review_round.is_open
    text = visible_text(response)
    assert "The review round was closed." in text
    assert f"Closed on {ddmmyyyy(timezone.localdate())} by {reviewer}: 1 flagged models kept, 1 removed." in text


def test_a_model_flagged_outside_the_round_counts_as_flagged_in_it(reader, reviewer, alice, scope):
    reader.force_login(reviewer)
    review_round = open_round(reader, alice)

    steps.flag(scope["to_remove"], reviewer)  # from the candidates page, say
    steps.remove(scope["to_remove"], reviewer)

    entry = RoundEntry.objects.get(round=review_round, model=scope["to_remove"])
    assert (entry.outcome, entry.reviewed_by) == (RoundOutcome.FLAGGED, reviewer)
    assert progress(reader, review_round) == "2 / 5"  # and the round can still be completed


def test_a_closed_round_takes_no_more_outcomes(reader, reviewer, alice):
    reader.force_login(reviewer)
    review_round = open_round(reader, alice)  # alice's agency has no model yet: nothing to review
    assert reader.post(f"/reviews/rounds/{review_round.pk}/close/").status_code == 302
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)

    response = reader.get(f"/models/{model.pk}/flag/?round={review_round.pk}")

    assert response.status_code == 404


def test_the_round_list_shows_each_rounds_progress(reader, reviewer, alice, scope):
    reader.force_login(reviewer)
    review_round = open_round(reader, alice)

    text = visible_text(reader.get("/reviews/rounds/"))

    assert f"{review_round.year} Bình xét mô hình năm trước 1 / 5 Open" in text


# Bulk actions ------------------------------------------------------------------------------------


def test_reviewers_get_checkboxes_and_the_bulk_form_on_the_list(reader, reviewer, alice):
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)

    reader.force_login(reviewer)
    for_reviewer = reader.get("/models/").content.decode()
    reader.force_login(alice)
    for_official = reader.get("/models/").content.decode()

    checkbox = f'<input type="checkbox" name="models" value="{model.pk}"'
    assert checkbox in for_reviewer
    assert 'action="/reviews/bulk/"' in for_reviewer
    assert checkbox not in for_official
    assert 'action="/reviews/bulk/"' not in for_official


def bulk_flag(reader, models):
    return reader.post(
        "/reviews/bulk/",
        {
            "action": "flag",
            "models": [model.pk for model in models],
            "reason": FlagReason.UNIT_REORGANISED,
            "explanation": "Xã đã sáp nhập từ 01/7/2025.",
            "deadline": steps.in_days(30),
            "next": "/models/?status=all",
        },
        follow=True,
    )


def test_flagging_three_models_at_once_gives_each_its_flag_and_event(reader, reviewer, alice):
    models = [steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer) for _ in range(3)]
    reader.force_login(reviewer)

    response = bulk_flag(reader, models)

    assert "3 models were updated." in visible_text(response)
    assert response.redirect_chain[-1][0] == "/models/?status=all"
    for model in models:
        model.refresh_from_db()
        flag = ReviewFlag.objects.get(model=model)
        event = ModelEvent.objects.get(model=model, transition=Transition.FLAG)
        assert model.status == S.FLAGGED
        assert (flag.outcome, flag.reason, flag.deadline) == (
            FlagOutcome.OPEN, FlagReason.UNIT_REORGANISED, steps.in_days(30)
        )
        assert (event.flag, event.actor, event.comment) == (flag, reviewer, "Xã đã sáp nhập từ 01/7/2025.")


def test_keeping_several_flagged_models_at_once(reader, reviewer, alice):
    models = [steps.model_at(status, official=alice, reviewer=reviewer) for status in (S.FLAGGED, S.UNDER_REVIEW)]
    reader.force_login(reviewer)

    response = reader.post(
        "/reviews/bulk/",
        {"action": "keep", "models": [m.pk for m in models], "explanation": "Vẫn hiệu quả.", "next": "/models/"},
        follow=True,
    )

    assert "2 models were updated." in visible_text(response)
    assert ModelEvent.objects.filter(transition=Transition.KEEP, comment="Vẫn hiệu quả.").count() == 2
    assert set(MovementModel.objects.filter(pk__in=[m.pk for m in models]).values_list("status", flat=True)) == {
        S.RECOGNISED
    }


@pytest.mark.parametrize(
    ("odd_one", "why"),
    [
        (S.SUBMITTED, "“Flagged as possibly ineffective” is not possible for a model that is “Submitted”."),
        (S.FLAGGED, "“Flagged as possibly ineffective” is not possible for a model that is “Flagged as possibly "
                    "ineffective”."),
    ],
)
def test_a_bulk_action_one_model_cannot_take_changes_nothing(odd_one, why, reader, reviewer, alice):
    models = [steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer) for _ in range(2)]
    odd = steps.model_at(odd_one, official=alice, reviewer=reviewer)
    flags, events = ReviewFlag.objects.count(), ModelEvent.objects.count()
    reader.force_login(reviewer)

    response = bulk_flag(reader, [*models, odd])

    assert f"Nothing was changed: {odd.code}: {why}" in visible_text(response)
    assert (ReviewFlag.objects.count(), ModelEvent.objects.count()) == (flags, events)
    assert all(MovementModel.objects.get(pk=m.pk).status == S.RECOGNISED for m in models)


def test_the_flag_form_proposes_its_deadline_in_the_format_the_date_picker_reads(reader, alice, reviewer, settings):
    """A date input shows nothing for 27/11/2026 and sends it back empty: the proposal must be ISO."""
    settings.LANGUAGE_CODE = "vi"  # the Vietnamese display format is the one that broke it
    model = steps.model_at(S.RECOGNISED, official=alice, reviewer=reviewer)
    reader.cookies.pop("django_language")
    reader.force_login(reviewer)
    proposed = timezone.localdate() + timedelta(days=settings.REVIEW_ANSWER_DAYS)
    page = reader.get(f"/models/{model.pk}/flag/").content.decode()
    assert re.search(rf'<input type="text" name="deadline" value="{proposed:%d/%m/%Y}"', page)
