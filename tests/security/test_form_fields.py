"""Every form, fed anything in any of its fields (hypothesis): never a server error, and a refused submission
leaves the database exactly as it was (nothing partially saved); what was saved shows escaped on its page.

The fields are the ones the page's own HTML offers (what a browser would send), found by reading the form."""

import re

import pytest
from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from . import figures
from .conftest import assert_escaped, fuzz_text

pytestmark = pytest.mark.django_db

# (who, the form's URL). The record each acts on is one of the world's.
FORMS = [
    ("official", lambda w: "/models/new/"),
    ("official", lambda w: f"/models/{w.draft.pk}/edit/"),
    ("official", lambda w: f"/models/{w.flagged.pk}/answer/"),
    ("official", lambda w: f"/directives/{w.directive.pk}/parts/{w.part.pk}/report/"),
    ("reviewer", lambda w: f"/models/{w.submitted.pk}/recognise/"),
    ("reviewer", lambda w: f"/models/{w.submitted.pk}/return/"),
    ("reviewer", lambda w: f"/models/{w.recognised.pk}/flag/"),
    ("reviewer", lambda w: f"/models/{w.flagged.pk}/decide/"),
    ("reviewer", lambda w: "/reviews/bulk/"),
    ("reviewer", lambda w: "/reviews/rounds/new/"),
    ("reviewer", lambda w: f"/reviews/rounds/{w.round.pk}/confirm/"),
    ("reviewer", lambda w: "/compilations/new/"),
    ("reviewer", lambda w: f"/compilations/{w.compilation.pk}/nominate/"),
    ("reviewer", lambda w: f"/compilations/{w.compilation.pk}/nominations/{w.nomination.pk}/write-up/"),
    ("secretary", lambda w: "/meetings/new/"),
    ("secretary", lambda w: f"/meetings/{w.meeting.pk}/edit/"),
    ("secretary", lambda w: f"/meetings/{w.published.pk}/amend/"),
    ("secretary", lambda w: f"/meetings/{w.published.pk}/directives/new/"),
    ("secretary", lambda w: f"/directives/{w.directive.pk}/edit/"),
    ("secretary", lambda w: f"/directives/{w.directive.pk}/parts/{w.part.pk}/confirm/"),
    ("secretary", lambda w: f"/directives/{w.directive.pk}/parts/{w.part.pk}/reopen/"),
    ("secretary", lambda w: "/documents/new/"),
    ("secretary", lambda w: f"/documents/{w.document.pk}/edit/"),
]
# Forms posted from another page (a list's ticks, a round's page): their fields, as those pages send them.
POSTED_FROM_ELSEWHERE = {
    "/reviews/bulk/": ["action", "models", "reason", "explanation", "deadline", "next"],
    "/confirm/": ["models", "next"],
}
_NAMES = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
_SKIP = {"csrfmiddlewaretoken"}
_APPS = ("models_registry", "meetings", "compilations", "accounts")


def field_names(client, path) -> list[str]:
    for suffix, names in POSTED_FROM_ELSEWHERE.items():
        if path.endswith(suffix):
            return names
    page = client.get(path)
    assert page.status_code == 200, f"{path}: {page.status_code}"
    names = sorted(set(_NAMES.findall(page.content.decode())) - _SKIP)
    # The page's search box is a GET form beside the POST one; the language switch posts elsewhere.
    return [name for name in names if name not in ("language", "q")] or names


def database_state() -> dict:
    """Every row of the product's tables (their history included): small in this world."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for app in _APPS
        for model in apps.get_app_config(app).get_models()
    }


def refused(response) -> bool:
    return response.status_code != 302 or any(m.level >= ERROR for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize(("who", "url"), FORMS, ids=[f"{who}:{i}" for i, (who, _u) in enumerate(FORMS)])
def test_every_form_takes_anything_without_a_server_error_or_a_partial_save(client, world, who, url):
    client.force_login(getattr(world, who))
    client.raise_request_exception = False
    path = url(world)
    names = field_names(client, path)
    values = st.one_of(fuzz_text(), st.lists(fuzz_text(), min_size=1, max_size=3))

    # A form page renders hundreds of choices (every administrative unit): a quarter of the profile's cases.
    @hypothesis_settings(max_examples=max(3, hypothesis_settings().max_examples // 4))
    @given(st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    def run(data):
        figures.case_run()
        before = database_state()
        response = client.post(path, data)
        figures.request_made(response.status_code)
        assert response.status_code < 500, f"{path} {data!r}"
        assert_escaped(response)
        if refused(response):
            assert database_state() == before, f"{path} saved part of a refused submission: {data!r}"
        else:
            assert_escaped(client.get(response["Location"]))

    run()


def test_every_form_page_of_the_project_is_fuzzed():
    """A new form page joins FORMS: each URL pattern that takes a form's POST is listed."""
    patterns = {
        "models_registry:create", "models_registry:update", "models_registry:answer", "meetings:report",
        "models_registry:recognise", "models_registry:return", "models_registry:flag", "models_registry:decide",
        "models_registry:bulk_action", "models_registry:round_create", "models_registry:round_confirm",
        "compilations:create", "compilations:nominate", "compilations:write_up", "meetings:create",
        "meetings:update", "meetings:amend", "meetings:directive_create", "meetings:directive_update",
        "meetings:confirm", "meetings:reopen", "meetings:document_create", "meetings:document_update",
    }
    assert len(patterns) == len(FORMS)
