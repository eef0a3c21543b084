"""The OpenAPI description: it validates, its page is served with the app's own files (no CDN), and a
property-based run (schemathesis) over every operation finds no server error and no response that breaks it."""

import io

import hypothesis
import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.tokens import token_create
from tests.factories import DirectiveFactory, MeetingFactory, ModelIndicatorFactory, MovementModelFactory

pytestmark = pytest.mark.django_db

# Bounded: a few examples per operation keeps the run under a minute on CI's two cores.
EXAMPLES = 6


def test_the_schema_validates_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "openapi: 3" in out.getvalue()


def test_the_docs_page_uses_the_apps_own_files(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "https://" not in page and "http://" not in page.replace("http://testserver", "")
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")  # shipped, collected


@pytest.fixture
def data(alice, agency, secretary, settings):
    settings.API_THROTTLE_RATES = {"token": "100000/hour", "anonymous": "100000/hour"}
    model = MovementModelFactory(owner_agency=agency)
    ModelIndicatorFactory(model=model)
    MovementModelFactory(recognised=True)
    DirectiveFactory(meeting=MeetingFactory(created_by=secretary, published=True), lead=agency)
    return token_create(user=alice, name="schemathesis")[1]


@pytest.fixture
def connection_kept_across_requests():
    """The raw WSGI application closes the database connection after each request (Django's test client
    does not): that would end the test's transaction on PostgreSQL."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_operation_answers_a_server_error_or_breaks_its_schema(data, connection_kept_across_requests):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    headers = {"Authorization": f"Token {data}", "Accept-Language": "en"}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @hypothesis.given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - gather every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:600]}")
    assert not failures, "\n\n".join(failures)
