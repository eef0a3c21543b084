"""API tokens: made on a web page and shown once, stored hashed, named, expiring, revoked by their owner or an
administrator; the API's errors in the language the client asks for; throttling per token and per client."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from api.models import ApiToken, TokenWrite, digest
from api.tokens import token_create, token_revoke
from tests.factories import FieldFactory

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_a_token_made_on_the_page_is_shown_once_and_stored_hashed(client, alice):
    client.force_login(alice)
    response = client.post("/api/tokens/", {"name": "Cổng dịch vụ công", "days": 30})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key and key in response.content.decode()
    token = ApiToken.objects.get(user=alice)
    assert token.name == "Cổng dịch vụ công" and token.digest == digest(key) and key not in token.digest
    assert token.expires_at - token.created_at == datetime.timedelta(days=30)
    # The list shows the token by its first characters, never its key again.
    again = client.get("/api/tokens/").content.decode()
    assert token.prefix in again and key not in again
    assert ApiClient(key).get("/api/v1/fields/").status_code == 200


def test_a_token_lasts_at_most_the_maximum(client, alice, settings):
    settings.API_TOKEN_MAX_DAYS = 365
    client.force_login(alice)
    response = client.post("/api/tokens/", {"name": "x", "days": 1000})
    assert response.status_code == 200 and response.context["new_key"] is None
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token_and_it_stops_working(client, alice):
    token, key = token_create(user=alice, name="tạm")
    api = ApiClient(key, "en")
    assert api.get("/api/v1/fields/").status_code == 200
    client.force_login(alice)
    response = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/api/tokens/"
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == alice
    response = api.get("/api/v1/fields/")
    assert response.status_code == 401
    assert response.json() == {"detail": "This token was revoked."}


def test_nobody_revokes_another_persons_token(client, alice, bob):
    token, _key = token_create(user=alice, name="của alice")
    client.force_login(bob)
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_administrator_revokes_any_token(alice, administrator):
    token, _key = token_create(user=alice, name="của alice")
    token_revoke(token=token, user=administrator)
    token.refresh_from_db()
    assert token.revoked_by == administrator


def test_an_expired_token_is_refused(alice):
    _token, key = token_create(user=alice, name="cũ", days=1, at=timezone.now() - datetime.timedelta(days=2))
    response = ApiClient(key, "en").get("/api/v1/fields/")
    assert response.status_code == 401
    assert response.json() == {"detail": "This token has expired."}
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (None, "Khóa API không hợp lệ."),
        ("vi", "Khóa API không hợp lệ."),
        ("en", "Invalid token."),
        ("fr-FR, en;q=0.8", "Invalid token."),
    ],
)
def test_a_wrong_token_is_refused_in_the_clients_language(language, message):
    response = ApiClient("not-a-token", language).get("/api/v1/fields/")
    assert response.status_code == 401
    assert response.json() == {"detail": message}
    assert response["Content-Language"] == (language or "vi")[:2].replace("fr", "en")


def test_no_credentials_is_a_401_not_a_login_page():
    response = ApiClient(language="en").get("/api/v1/models/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_the_command_prints_a_working_token(alice):
    out = io.StringIO()
    call_command("create_api_token", "alice", "--name", "tổng hợp quốc gia", stdout=out)
    key = out.getvalue().strip()
    assert ApiToken.objects.get(digest=digest(key)).name == "tổng hợp quốc gia"
    assert ApiClient(key).get("/api/v1/fields/").status_code == 200


def test_requests_are_throttled_per_token(alice, settings):
    settings.API_THROTTLE_RATES = {"token": "3/minute", "anonymous": "2/minute"}
    FieldFactory()
    _t1, first = token_create(user=alice, name="một")
    _t2, second = token_create(user=alice, name="hai")
    statuses = [ApiClient(first).get("/api/v1/fields/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert ApiClient(second).get("/api/v1/fields/").status_code == 200  # another token, its own count


def test_anonymous_clients_are_throttled(settings):
    settings.API_THROTTLE_RATES = {"token": "3/minute", "anonymous": "2/minute"}
    statuses = [ApiClient().get("/api/schema/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_write_is_recorded_with_its_token(api_as, alice, agency):
    from tests.factories import MovementModelFactory

    model = MovementModelFactory(owner_agency=agency)
    _token, key = token_create(user=alice, name="cổng tỉnh")
    response = ApiClient(key).patch(f"/api/v1/models/{model.pk}/", {"name": "Tên mới", "version": model.version})
    assert response.status_code == 200, response.content
    write = TokenWrite.objects.get()
    assert write.token.name == "cổng tỉnh" and write.method == "PATCH" and write.path == f"/api/v1/models/{model.pk}/"
    # A read is not a write; a refused write changed nothing and is not one either.
    ApiClient(key).get(f"/api/v1/models/{model.pk}/")
    ApiClient(key).patch(f"/api/v1/models/{model.pk}/", {"name": "Tên cũ", "version": model.version})
    assert TokenWrite.objects.count() == 1
