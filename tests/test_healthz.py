"""/healthz: what the container's health check and the proxy ask, without a login."""

import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_it_reports_the_app_and_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"app": "ok", "database": "ok"}


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"app": "ok", "database": "unavailable"}


@pytest.mark.django_db
def test_plain_http_is_not_redirected_to_https(client, settings):
    """The container asks over plain HTTP even where every page is redirected to HTTPS."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code != 301
    assert client.get("/accounts/login/").status_code == 301
