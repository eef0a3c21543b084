"""The API's tests: a client that sends a person's token, JSON in and out."""

import json

import pytest
from django.test import Client

from api.tokens import token_create


class ApiClient:
    """Django's test client speaking JSON with `Authorization: Token <key>` (no session)."""

    def __init__(self, key=None, language=None):
        self.client = Client()
        self.headers = {}
        if key:
            self.headers["Authorization"] = f"Token {key}"
        if language:
            self.headers["Accept-Language"] = language

    def _send(self, method, url, data=None, headers=None, **extra):
        headers = {**self.headers, **(headers or {})}
        if method == "get":
            return self.client.get(url, data or {}, headers=headers, **extra)
        body = data if isinstance(data, str) else json.dumps(data or {})
        return getattr(self.client, method)(url, body, content_type="application/json", headers=headers, **extra)

    def get(self, url, params=None, **kw):
        return self._send("get", url, params, **kw)

    def post(self, url, data=None, **kw):
        return self._send("post", url, data, **kw)

    def put(self, url, data=None, **kw):
        return self._send("put", url, data, **kw)

    def patch(self, url, data=None, **kw):
        return self._send("patch", url, data, **kw)


@pytest.fixture
def api_as():
    """api_as(user, language=None): a client with a new token of `user`."""

    def make(user, language=None):
        _token, key = token_create(user=user, name="test")
        return ApiClient(key, language)

    return make


def all_rows(api, url, params=None) -> list[dict]:
    """Every row of a list, following its `next` links (cursor or page number)."""
    rows, response = [], api.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = api.get(body["next"])
