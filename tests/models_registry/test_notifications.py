"""The people concerned learn what happened to their models: in the app (with an unread count in the
navigation) and by e-mail, sent only once the change is committed."""

import pytest
from django.conf import settings

from accounts.models import Notification
from accounts.roles import Role
from core.mail import deliver_due
from core.models import OutboxEmail
from models_registry import services
from models_registry.choices import FlagReason, ModelStatus
from models_registry.models import ReviewFlag, ReviewRound, RoundEntry
from tests.factories import UserFactory
from tests.mail_backends import use_refusing, use_working

from . import steps
from .steps import visible_text

S = ModelStatus


@pytest.fixture
def people(alice, bob, reviewer, reviewer_of_owning_agency, leader):
    """Everyone who could conceivably be told: by name."""
    alice.email = "alice@kimson.example.vn"
    alice.save()
    return {
        "alice": alice,
        "carol": UserFactory(username="carol", agency=alice.agency, roles=[Role.OFFICIAL], email="carol@example.vn"),
        "olga": UserFactory(username="olga", agency=alice.agency, roles=[Role.OFFICIAL], is_active=False),
        "bob": bob,
        "rita": reviewer,
        "roy": reviewer_of_owning_agency,
        "rosa": UserFactory(username="rosa", roles=[Role.REVIEWER]),
        "retired": UserFactory(username="retired", roles=[Role.REVIEWER], is_active=False),
        "lee": leader,
    }


def told(people) -> set[str]:
    names = {user.pk: name for name, user in people.items()}
    return {names[pk] for pk in Notification.objects.values_list("recipient", flat=True)}


def _confirm_in_round(model, people):
    review_round = ReviewRound.objects.create(year=2025, title="Bình xét 2025", opened_by=people["rosa"])
    RoundEntry.objects.create(round=review_round, model=model)
    services.round_confirm(round=review_round, model=model, user=people["rosa"])


OWNING_OFFICIALS = {"alice", "carol"}  # olga is no longer active
STEPS = {
    # roy works in the owning agency: he may not decide on the model, so he is not asked to.
    "submit": (S.DRAFT, lambda model, p: steps.submit(model, p["alice"]), {"rita", "rosa"}),
    "recognise": (S.SUBMITTED, lambda model, p: steps.recognise(model, p["rosa"]), OWNING_OFFICIALS),
    "return": (S.SUBMITTED, lambda model, p: steps.return_for_revision(model, p["rosa"]), OWNING_OFFICIALS),
    "flag": (S.RECOGNISED, lambda model, p: steps.flag(model, p["rosa"]), OWNING_OFFICIALS),
    # The answer goes to the reviewer who flagged the model (model_at flags as rita).
    "answer": (S.FLAGGED, lambda model, p: steps.answer(model, p["carol"]), {"rita"}),
    "keep": (S.UNDER_REVIEW, lambda model, p: steps.keep(model, p["rosa"]), OWNING_OFFICIALS),
    "remove": (S.UNDER_REVIEW, lambda model, p: steps.remove(model, p["rosa"]), OWNING_OFFICIALS),
    "restore": (S.REMOVED, lambda model, p: steps.restore(model, p["rosa"]), OWNING_OFFICIALS),
    # Marking a model effective in a round changes nothing for its agency: nobody is told.
    "confirm": (S.RECOGNISED, _confirm_in_round, set()),
}


@pytest.mark.parametrize("step", STEPS)
def test_who_is_told_about_each_step(step, people):
    status, run, expected = STEPS[step]
    model = steps.model_at(status, official=people["alice"], reviewer=people["rita"])
    Notification.objects.all().delete()

    run(model, people)

    assert told(people) == expected
    assert Notification.objects.filter(recipient=people["alice"]).count() == (1 if "alice" in expected else 0)


def test_whoever_registered_the_model_is_told_even_from_an_agency_above(people, sub_agency):
    sue = UserFactory(username="sue", agency=sub_agency, roles=[Role.OFFICIAL])
    people["sue"] = sue
    # alice registered it for the agency beneath hers.
    model = steps.model_at(S.SUBMITTED, official=people["alice"], reviewer=people["rita"], owner_agency=sub_agency)
    Notification.objects.all().delete()

    steps.recognise(model, people["rosa"])

    assert told(people) == {"sue", "alice"}


def test_a_notification_names_the_model_and_links_to_it(people):
    model = steps.model_at(S.RECOGNISED, official=people["alice"], reviewer=people["rita"], name="Tổ hòa giải")
    steps.flag(model, people["rosa"], deadline=steps.in_days(14))

    notification = Notification.objects.filter(recipient=people["alice"]).first()  # the newest

    assert notification.url == f"/models/{model.pk}/"
    assert notification.params == {
        "code": model.code, "name": "Tổ hòa giải", "deadline": steps.in_days(14).strftime("%d/%m/%Y")
    }


# In the app --------------------------------------------------------------------------------------


def nav_count(response) -> str:
    page = response.content.decode()
    link = page[page.index('class="notif-link"'):]
    return visible_text(link[: link.index("</a>")].split(">", 1)[1])


def test_the_navigation_shows_the_unread_count(client, people):
    model = steps.model_at(S.FLAGGED, official=people["alice"], reviewer=people["rita"])  # recognised, flagged
    steps.keep(model, people["rosa"])
    client.force_login(people["alice"])

    response = steps.english(client).get("/")

    assert response.context["unread_notifications"] == 3
    assert nav_count(response) == "Notifications 3"


def test_the_notification_list_shows_what_happened_newest_first(client, people):
    model = steps.model_at(S.FLAGGED, official=people["alice"], reviewer=people["rita"], name="Tổ hòa giải")
    deadline = ReviewFlag.objects.get(model=model).deadline.strftime("%d/%m/%Y")
    client.force_login(people["alice"])

    response = steps.english(client).get("/notifications/")

    texts = [n.text for n in response.context["notifications"]]
    assert texts == [
        f"{model.code} “Tổ hòa giải” was flagged as possibly ineffective; answer by {deadline}.",
        f"{model.code} “Tổ hòa giải” was recognised.",
    ]
    page = visible_text(response)
    assert f"New {texts[0]}" in page
    assert f'href="/models/{model.pk}/"' in response.content.decode()


def test_marking_all_read_clears_the_count_and_keeps_the_list(client, people):
    steps.model_at(S.FLAGGED, official=people["alice"], reviewer=people["rita"])
    client.force_login(people["alice"])
    steps.english(client)

    response = client.post("/notifications/read/", follow=True)

    assert response.redirect_chain == [("/notifications/", 302)]
    assert not Notification.objects.unread().filter(recipient=people["alice"]).exists()
    assert Notification.objects.filter(recipient=people["alice"]).count() == 2
    assert nav_count(response) == "Notifications"
    assert "unread" not in response.content.decode()  # neither the nav's count nor an unread entry
    assert "Mark all as read" not in visible_text(response)
    # carol's notifications are hers to read.
    assert Notification.objects.unread().filter(recipient=people["carol"]).count() == 2


def test_notifications_are_private(client, people):
    steps.model_at(S.FLAGGED, official=people["alice"], reviewer=people["rita"])
    client.force_login(people["bob"])

    response = client.get("/notifications/")

    assert list(response.context["notifications"]) == []
    assert response.context["unread_notifications"] == 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "{code} “Tổ hòa giải” was flagged as possibly ineffective; answer by {deadline}."),
        (None, "{code} “Tổ hòa giải” bị đề nghị xem xét do có thể không hiệu quả; hạn giải trình {deadline}."),
    ],
    ids=["english", "vietnamese-by-default"],
)
def test_a_notification_reads_in_the_readers_language(language, expected, client, people):
    model = steps.model_at(S.RECOGNISED, official=people["alice"], reviewer=people["rita"], name="Tổ hòa giải")
    steps.flag(model, people["rosa"], deadline=steps.in_days(14))
    client.force_login(people["alice"])
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get("/notifications/")

    text = expected.format(code=model.code, deadline=steps.in_days(14).strftime("%d/%m/%Y"))
    assert text in visible_text(response)
    assert "%(" not in visible_text(response)  # every parameter filled in


# By e-mail ---------------------------------------------------------------------------------------


def test_an_email_goes_out_once_the_step_is_committed(people, mailoutbox, django_capture_on_commit_callbacks):
    model = steps.model_at(S.RECOGNISED, official=people["alice"], reviewer=people["rita"], name="Tổ hòa giải")
    # The setup's own e-mails wait in the outbox (its commits never ran here): count only this step's.
    OutboxEmail.objects.all().delete()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks() as callbacks:
        steps.flag(model, people["rosa"], deadline=steps.in_days(14))
        assert mailoutbox == []  # not before the commit
    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == ["alice@kimson.example.vn", "carol@example.vn"]  # olga is inactive, bob not concerned
    deadline = steps.in_days(14).strftime("%d/%m/%Y")
    # Mail is in Vietnamese, the province's working language.
    assert mail.subject == (
        f"Dân vận khéo: {model.code} “Tổ hòa giải” bị đề nghị xem xét do có thể không hiệu quả; "
        f"hạn giải trình {deadline}."
    )
    assert f"{settings.SITE_URL}/models/{model.pk}/" in mail.body


def test_no_email_for_people_without_an_address(people, mailoutbox, django_capture_on_commit_callbacks):
    model = steps.model_at(S.DRAFT, official=people["alice"], reviewer=people["rita"])

    with django_capture_on_commit_callbacks(execute=True):
        steps.submit(model, people["alice"])  # the reviewers have no e-mail address

    assert mailoutbox == []
    assert Notification.objects.filter(recipient=people["rita"]).exists()


def test_a_refused_bulk_action_tells_nobody(client, people, mailoutbox, django_capture_on_commit_callbacks):
    # Made last, so flagged first: its flag and notifications exist until the other model is refused.
    not_yet = steps.model_at(S.SUBMITTED, official=people["alice"], reviewer=people["rita"])
    fine = steps.model_at(S.RECOGNISED, official=people["alice"], reviewer=people["rita"])
    Notification.objects.all().delete()
    client.force_login(people["rosa"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reviews/bulk/", {
            "action": "flag", "models": [fine.pk, not_yet.pk], "reason": FlagReason.INACTIVE,
            "explanation": "Không còn hoạt động.", "deadline": steps.in_days(30),
        })

    assert ReviewFlag.objects.filter(model=fine).count() == 0
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_a_mail_server_outage_keeps_the_step_the_notification_and_the_email(
    people, settings, mailoutbox, django_capture_on_commit_callbacks
):
    model = steps.model_at(S.RECOGNISED, official=people["alice"], reviewer=people["rita"])
    OutboxEmail.objects.all().delete()
    use_refusing(settings)

    with django_capture_on_commit_callbacks(execute=True):
        steps.flag(model, people["rosa"])

    model.refresh_from_db()
    assert model.status == S.FLAGGED
    assert Notification.objects.filter(recipient=people["alice"], message__contains="flagged").exists()
    waiting = OutboxEmail.objects.get()  # kept, to be sent again
    assert waiting.sent_at is None and waiting.attempts == 1 and "no SMTP server" in waiting.last_error
    assert "alice@kimson.example.vn" in waiting.recipients

    use_working(settings)
    assert deliver_due(at=waiting.next_attempt_at) == (1, 0)
    assert [message.to for message in mailoutbox] == [waiting.recipients]
    assert deliver_due(at=waiting.next_attempt_at) == (0, 0)  # sent once, never twice
