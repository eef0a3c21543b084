"""`manage.py load_demo`: the source's figures, a believable spread, idempotency, and the demo logins.

The demo is loaded once for the package (tests/demo/conftest.py).
"""

import base64
import io
import re

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Max

from accounts.models import User
from accounts.roles import Role
from demo import registry as demo
from demo import review as demo_review
from demo.registry import REMOVED_IN_2023_REVIEW
from models_registry.choices import FlagOutcome, ModelKind, ModelLevel, ModelStatus, RoundOutcome, Transition, UnitLevel
from models_registry.models import (
    AdministrativeUnit,
    Agency,
    Field,
    ModelEvent,
    ModelIndicator,
    MovementModel,
    ReviewFlag,
    ReviewRound,
)
from models_registry.reference_data import JULY_2025
from tests.models_registry.steps import visible_text

pytestmark = pytest.mark.django_db

DISTRICT_CODES = ["369", "370", "372", "373", "374", "375", "376", "377"]


def load_again() -> str:
    output = io.StringIO()
    call_command("load_demo", force=True, stdout=output)
    return output.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table: the models, their history tables and the many-to-many tables."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}


def old_district(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code, valid_from__isnull=True)


# The source's figures ----------------------------------------------------------------------------


def test_the_list_holds_1635_models_of_which_421_new_in_2023(demo_output):
    in_list = MovementModel.objects.in_list()
    assert in_list.count() == 1635
    assert in_list.recognised_in(2023).count() == 421


def test_the_other_1214_were_recognised_2016_to_2022_more_every_year(demo_output):
    earlier = MovementModel.objects.in_list().exclude(recognition_year=2023)
    per_year = [earlier.recognised_in(year).count() for year in range(2016, 2023)]
    assert sum(per_year) == earlier.count() == 1214
    assert per_year == sorted(per_year) and len(set(per_year)) == len(per_year)


def test_drafts_and_submissions_are_not_in_the_list_and_registered_in_todays_units(demo_output):
    not_in_list = MovementModel.objects.filter(status__in=[ModelStatus.DRAFT, ModelStatus.SUBMITTED])
    assert not_in_list.filter(status=ModelStatus.DRAFT).count() == 12
    assert not_in_list.filter(status=ModelStatus.SUBMITTED).count() == 8
    assert not not_in_list.filter(recognition_year__isnull=False).exists()
    current = AdministrativeUnit.objects.current()
    assert not not_in_list.exclude(registered_unit__in=current.filter(valid_from=JULY_2025)).exists()
    assert not_in_list.filter(registered_unit__level=UnitLevel.COMMUNE).count() >= 10


def test_submitted_models_are_complete(demo_output):
    for model in MovementModel.objects.filter(status=ModelStatus.SUBMITTED):
        assert model.description and model.approach and model.results
        assert model.indicators.exists()


# A believable spread -----------------------------------------------------------------------------


def test_every_field_has_models_in_the_list(demo_output):
    for field in Field.objects.all():
        assert MovementModel.objects.in_list().filter(field=field).count() > 100, field.name


@pytest.mark.parametrize("code", DISTRICT_CODES)
def test_every_pre_2025_district_has_models(demo_output, code):
    units = AdministrativeUnit.objects.counted_under(old_district(code))
    assert MovementModel.objects.in_list().filter(registered_unit__in=units).count() > 50


def test_every_kind_and_level_occurs_and_most_models_are_communes(demo_output):
    models = MovementModel.objects.in_list()
    assert set(models.values_list("kind", flat=True)) == set(ModelKind.values)
    assert set(models.values_list("level", flat=True)) == set(ModelLevel.values)
    assert models.filter(level=ModelLevel.COMMUNE).count() > models.count() / 2


def test_a_model_is_registered_where_its_agency_works(demo_output):
    recognised = MovementModel.objects.in_list().select_related("owner_agency")
    assert all(model.registered_unit_id == model.owner_agency.administrative_unit_id for model in recognised)


def test_commune_party_committees_sit_under_their_districts_ban_dan_van(demo_output):
    for code in DISTRICT_CODES:
        district = old_district(code)
        ban_dan_van = Agency.objects.get(administrative_unit=district, name__startswith="Ban Dân vận")
        communes = district.children.filter(level=UnitLevel.COMMUNE, valid_from__isnull=True)
        committees = ban_dan_van.children.filter(administrative_unit__in=communes, name__startswith="Đảng ủy")
        assert committees.count() == communes.count() > 0


def test_the_100_typical_models_come_from_2021_on(demo_output):
    typical = MovementModel.objects.filter(is_typical=True)
    assert typical.count() == 100
    assert not typical.exclude(status=ModelStatus.RECOGNISED, recognition_year__gte=2021).exists()


def test_recognised_models_say_by_which_decision_with_measured_results(demo_output):
    decision = re.compile(r"^\d+(/QĐ-BCĐ|-QĐ/(TU|HU))$")
    for model in MovementModel.objects.in_list().prefetch_related("indicators"):
        assert decision.match(model.recognition_decision), model.recognition_decision
        assert model.recognising_body and model.results
        indicators = list(model.indicators.all())
        assert indicators and all(i.value > 0 and i.year >= model.year_started for i in indicators)
    assert MovementModel.cooperating_agencies.through.objects.count() > 300


def test_codes_follow_the_registry_format_and_year(demo_output):
    for code, recognised in MovementModel.objects.values_list("code", "recognition_year"):
        assert re.fullmatch(r"DVK-\d{4}-\d{5}", code)
        year = int(code[4:8])
        assert year == recognised if recognised else year >= 2025


def test_names_are_all_different_and_searchable_without_accents(demo_output):
    names = list(MovementModel.objects.values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert MovementModel.objects.search("dan van kheo trong van dong nhan dan hien dat").exists()
    assert all(model.search_text == model.folded_search_text() for model in MovementModel.objects.all())


def test_the_plan_is_the_same_on_every_load():
    units = {unit.code: unit for unit in AdministrativeUnit.objects.filter(valid_from__isnull=True)}
    specs = demo.agency_specs(units)
    names = {code: unit.name for code, unit in units.items()}
    first, second = demo.ModelPlanner(specs, names).plan(), demo.ModelPlanner(specs, names).plan()
    assert [(p.code, p.name, p.results, p.indicators) for p in first] == [
        (p.code, p.name, p.results, p.indicators) for p in second
    ]


# History -----------------------------------------------------------------------------------------


def test_every_demo_row_has_its_created_history_entry(demo_output):
    assert MovementModel.history.filter(history_type="+").count() == MovementModel.objects.count()
    assert ModelIndicator.history.filter(history_type="+").count() == ModelIndicator.objects.count()
    assert Agency.history.filter(history_type="+").count() == Agency.objects.count()
    # A model's co-operating agencies are in its history from the moment it was entered (the snapshot saved with
    # the links, in the same second as the creation, which the timeline shows as part of it).
    snapshot_links = MovementModel.history.model.cooperating_agencies.model.objects
    entered_with = snapshot_links.filter(history__history_change_reason__isnull=True, history__history_type="~")
    assert set(entered_with.values_list("movementmodel_id", "agency_id")) == set(
        MovementModel.cooperating_agencies.through.objects.values_list("movementmodel_id", "agency_id")
    )


def test_a_draft_was_entered_by_the_official_of_its_agency(demo_output):
    canbo = User.objects.get(username="canbo")
    draft = MovementModel.objects.filter(status=ModelStatus.DRAFT, created_by=canbo).first()
    assert draft is not None
    assert draft.history.get(history_type="+").history_user == canbo
    assert draft.owner_agency in Agency.objects.subtree_of(canbo.agency)


# Idempotency -------------------------------------------------------------------------------------


def test_loading_again_changes_no_row(demo_output):
    counts = row_counts()
    last_update = MovementModel.objects.aggregate(Max("updated_at"))
    last_history = MovementModel.history.aggregate(Max("history_id"))

    output = load_again()

    assert row_counts() == counts
    assert MovementModel.objects.aggregate(Max("updated_at")) == last_update
    assert MovementModel.history.aggregate(Max("history_id")) == last_history
    assert "Created 0 agencies, 0 users and 0 models" in output


# The demo logins ---------------------------------------------------------------------------------


@pytest.mark.parametrize("user", demo.DEMO_USERS, ids=lambda user: user.username)
def test_every_demo_user_has_a_role_and_opens_the_list(demo_output, client, user, settings):
    settings.REGISTRY_COUNT_CAP = 2_000  # the list counts exactly up to the cap: all of the demo's models
    account = User.objects.get(username=user.username)
    assert account.has_role(user.role)
    assert account.check_password(demo.DEMO_PASSWORD)
    client.force_login(account)
    response = client.get("/models/")
    assert response.status_code == 200
    assert response.context["paginator"].count == 1635


def test_there_is_a_demo_user_for_every_role(demo_output):
    assert {user.role for user in demo.DEMO_USERS} == set(Role)


def test_the_administrator_manages_the_site(demo_output, client):
    # Through the administrator role: not a superuser (separation of duties, accounts/backends.py).
    administrator = User.objects.get(username="quantri")
    assert administrator.is_staff and not administrator.is_superuser
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("username", ["thamdinh", "thamdinh2", "thamdinh3", "quantri"])
def test_the_demo_reviewers_and_administrator_sign_in_with_the_published_key(demo_output, client, username):
    from django_otp.oath import totp

    account = User.objects.get(username=username)
    client.one_factor_login(account)
    assert client.get("/")["Location"].startswith("/accounts/two-factor/verify/")
    code = f"{totp(base64.b32decode(demo.DEMO_TOTP_KEY_BASE32)):06d}"
    assert client.post("/accounts/two-factor/verify/", {"code": code})["Location"] == "/"
    assert demo.DEMO_TOTP_KEY_BASE32 in demo_output


def test_canbo_sees_kim_sons_drafts_and_canbo2_does_not(demo_output, client):
    canbo, canbo2 = User.objects.get(username="canbo"), User.objects.get(username="canbo2")
    kim_son = Agency.objects.subtree_of(canbo.agency)
    drafts = MovementModel.objects.filter(status=ModelStatus.DRAFT, owner_agency__in=kim_son)
    assert drafts.count() >= 5

    client.force_login(canbo)
    listed = {model.pk for model in client.get("/models/", {"status": "draft"}).context["models"]}
    assert set(drafts.values_list("pk", flat=True)) <= listed
    client.force_login(canbo2)
    listed = {model.pk for model in client.get("/models/", {"status": "draft"}).context["models"]}
    assert not listed & set(drafts.values_list("pk", flat=True))


# The command -------------------------------------------------------------------------------------


def test_the_output_says_demo_and_lists_the_logins_and_figures(demo_output):
    assert "DEMO DATA" in demo_output
    for user in demo.DEMO_USERS:
        assert re.search(rf"^\s+{user.username}\s+{user.role.value}\s", demo_output, re.MULTILINE)
    assert demo.DEMO_PASSWORD in demo_output
    assert (
        "Models in the list: 1,635; new in 2023: 421; in the list at the end of 2023: 1,635; removed in 2023: 9."
        in demo_output
    )


def test_refuses_without_force_when_debug_is_off(settings):
    settings.DEBUG = False
    counts = row_counts()
    with pytest.raises(CommandError, match="demo data"):
        call_command("load_demo", stdout=io.StringIO())
    assert row_counts() == counts


def test_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True
    assert "DEMO DATA" in load_again()
    assert MovementModel.objects.in_list().count() == 1635


# The 2023 review ---------------------------------------------------------------------------------


def test_the_2023_review_removed_models_beyond_the_1635(demo_output):
    models = MovementModel.objects
    removed = models.removed_in(2023)
    assert removed.count() == len(REMOVED_IN_2023_REVIEW)
    assert models.in_list_at_end_of(2023).count() == 1635
    assert models.in_list_at_end_of(2022).count() == 1214 + removed.count()  # they were in the list before
    assert not removed.filter(recognition_year__gte=2023).exists()
    assert not removed.filter(is_typical=True).exists()


def test_each_removal_is_a_recorded_decision_with_its_reason(demo_output):
    for model in MovementModel.objects.filter(status=ModelStatus.REMOVED):
        flag = model.flags.get()
        removal = model.events.get(transition=Transition.REMOVE)
        assert flag.outcome == FlagOutcome.REMOVED and flag.decided_by.username == demo_review.ROUND_REVIEWER
        assert (removal.reason, removal.decision_number, removal.decision_date) == (
            flag.reason, *demo_review.REMOVAL_DECISION
        )
        transitions = list(model.events.values_list("transition", flat=True))
        assert transitions in (
            [Transition.RECORD, Transition.FLAG, Transition.REMOVE],
            [Transition.RECORD, Transition.FLAG, Transition.ANSWER, Transition.REMOVE],
        )
    answered = ReviewFlag.objects.filter(outcome=FlagOutcome.REMOVED, answered_by__isnull=False)
    assert 0 < answered.count() < len(REMOVED_IN_2023_REVIEW)  # some agencies answered, some did not


def test_the_kept_models_were_answered_and_stay_in_the_list(demo_output):
    kept = ReviewFlag.objects.filter(outcome=FlagOutcome.KEPT)
    assert kept.count() == demo_review.KEPT_IN_2023
    for flag in kept.select_related("model", "answered_by"):
        assert flag.model.is_in_list and flag.answer and flag.improvement_plan
        # The demo official who answered belongs to the owning agency or one above it.
        assert flag.model.owner_agency in Agency.objects.subtree_of(flag.answered_by.agency)


def test_the_2023_round_reviewed_every_model_recognised_before_2023_and_is_closed(demo_output):
    review_round = ReviewRound.objects.get(year=2023)
    assert not review_round.is_open
    entries = review_round.entries
    assert entries.count() == 1214 + len(REMOVED_IN_2023_REVIEW)
    assert not entries.filter(outcome=RoundOutcome.PENDING).exists()
    assert entries.filter(outcome=RoundOutcome.FLAGGED).count() == demo_review.KEPT_IN_2023 + len(
        REMOVED_IN_2023_REVIEW
    )
    confirmations = ModelEvent.objects.filter(transition=Transition.CONFIRM, at__year=2023)
    assert confirmations.count() == entries.filter(outcome=RoundOutcome.EFFECTIVE).count()


def test_the_review_queue_has_open_cases_today(demo_output):
    open_flags = ReviewFlag.objects.open()
    assert open_flags.count() == 5
    assert open_flags.overdue().count() == 1
    assert open_flags.filter(answered_at__isnull=False).count() == 2
    assert MovementModel.objects.in_list().count() == 1635  # flagged models are still in the list


def test_a_removed_models_page_shows_its_whole_timeline(demo_output, client):
    model = MovementModel.objects.filter(status=ModelStatus.REMOVED, events__transition=Transition.ANSWER).first()
    client.force_login(User.objects.get(username="lanhdao"))
    client.cookies["django_language"] = "en"
    text = visible_text(client.get(model.get_history_url()))
    history = text[text.index("History"):]
    positions = [
        history.index(label)
        for label in ("Removed from the list", "Answered the flag", "Flagged as possibly ineffective", "Created")
    ]
    assert positions == sorted(positions)  # newest first: removal, answer, flag, creation
    assert "215/QĐ-BCĐ" in history
    assert "Co-operating agencies" not in history  # the workflow's snapshots keep the model's links
