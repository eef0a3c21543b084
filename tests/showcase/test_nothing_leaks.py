"""Only what is published is public. A crawl starts at /public/ and /public/en/, follows every link, image and
Open Graph address under /public/ (the pages of both languages, the CSV, the JSON, the photos) and checks that no
answer shows anything the office keeps to itself: statuses, flags and their texts, evidence, internal texts,
drafts and compilations in preparation, people's usernames, names and e-mail addresses, stored file paths. And
every URL of the project outside /public/ still needs a login."""

import html
import re
import uuid

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from compilations.choices import CompilationStatus
from models_registry.choices import FlagReason, ModelStatus

from .conftest import INTERNAL

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src|content)="([^"]+)"')
NOT_PUBLIC_WORDS = [
    ModelStatus.DRAFT.label,
    ModelStatus.SUBMITTED.label,
    ModelStatus.RETURNED.label,
    ModelStatus.FLAGGED.label,
    ModelStatus.UNDER_REVIEW.label,
    ModelStatus.REMOVED.label,
    FlagReason.NO_RESULTS.label,
    CompilationStatus.OPEN.label,
]


def forbidden_texts(world) -> list[str]:
    texts = [value for key, value in INTERNAL.items() if key != "media path"]
    texts += world.people()
    for language in ("vi", "en"):
        with translation.override(language):
            texts += [str(word) for word in NOT_PUBLIC_WORDS]
    # Where the photos are stored: the random folder and the uploaded name never show.
    for entry in (world.entry, world.flagged_entry):
        texts += [entry.photo.name, entry.photo.name.split("/")[2]]
    return texts + ["/media/", settings.MEDIA_ROOT.as_posix() if hasattr(settings.MEDIA_ROOT, "as_posix")
                    else str(settings.MEDIA_ROOT)]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def crawl(client, starts):
    """Every public address reachable from `starts`: {url: (response, body)}."""
    found, todo = {}, list(starts)
    while todo:
        url = todo.pop()
        if url in found:
            continue
        assert len(found) < 300, "the crawl does not end"
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        content = body(response)
        found[url] = (response, content)
        if not response["Content-Type"].startswith("text/html"):
            continue
        for link in LINK.findall(content.decode()):
            link = html.unescape(link).split("#")[0]
            if link.startswith(settings.SITE_URL + "/"):
                link = link[len(settings.SITE_URL):]
            if link.startswith("/public/"):
                todo.append(link)
            elif link.startswith("/"):
                assert link.startswith(settings.STATIC_URL), f"{url} links to {link}, outside the public pages"
    return found


def test_the_crawl_reaches_every_kind_of_public_page_and_nothing_leaks(client, world):
    found = crawl(client, ["/public/", "/public/en/"])
    reached = set(found)
    for language in ("", "en/"):
        for expected in (
            f"/public/{language}",
            f"/public/{language}compilations/{world.compilation.pk}/",
            f"/public/{language}models/",
            f"/public/{language}models/{world.public_model.code}/",
            f"/public/{language}models/{world.flagged_model.code}/",
            f"/public/{language}models.csv",
            f"/public/{language}models.json",
            f"/public/{language}photos/{world.entry.pk}/",
        ):
            assert expected in reached, expected
    forbidden = forbidden_texts(world)
    for url, (response, content) in found.items():
        if response["Content-Type"].startswith("image/"):
            assert response["Content-Disposition"].startswith('inline; filename="DVK-'), url
            continue
        text = content.decode("utf-8-sig")
        for secret in forbidden:
            assert secret not in text and html.escape(secret) not in text, f"{url} shows {secret!r}"
        assert "@" not in text.replace("@media", ""), f"{url} shows an e-mail address"


def test_nothing_under_public_answers_for_what_is_not_published(client, world):
    for language in ("", "en/"):
        for url in (
            f"/public/{language}compilations/{world.open_compilation.pk}/",
            f"/public/{language}models/{world.draft.code}/",
            f"/public/{language}models/{world.removed.code}/",
            f"/public/{language}models/{world.listed_not_typical.code}/",
            f"/public/{language}models/{world.open_entry.model.code}/",
            f"/public/{language}photos/{world.open_entry.pk}/",
            f"/public/{language}photos/{world.left_out.pk}/",
        ):
            assert client.get(url).status_code == 404, url


# Every other URL requires a login --------------------------------------------------------------------------------

# The URL patterns that answer without a login, and why: the showcase (both languages), signing in and the language
# switch on the login page, the health check, the API's description (README "API"). The rest of the API answers
# 401/403 by its own token or session check.
OPEN_WITHOUT_LOGIN = {"login", "set_language", "healthz", "api:schema", "api:docs"}
PUBLIC_NAMESPACES = ("showcase:", "showcase_en:")


def patterns(resolvers=None, namespace=""):
    for pattern in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def sample_url(name, pattern) -> str:
    """The pattern's address with made-up arguments: the login check comes before any lookup."""
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {}
    for group in pattern.pattern.regex.groupindex:
        converter = type(converters.get(group)).__name__ if group in converters else ""
        kwargs[group] = uuid.uuid4() if converter == "UUIDConverter" else 1 if converter == "IntConverter" else "1"
    kwargs.pop("format", None)
    return reverse(name, kwargs=kwargs)


def test_every_url_outside_the_showcase_still_requires_a_login(client, db):
    checked = 0
    for name, pattern in patterns():
        if name in OPEN_WITHOUT_LOGIN or name.startswith(PUBLIC_NAMESPACES):
            continue
        try:
            url = sample_url(name, pattern)
        except Exception:  # noqa: BLE001 - a format-suffix twin of a pattern reversed already
            continue
        response = client.get(url)
        checked += 1
        if name.startswith("api:") and response.status_code in (401, 403):
            continue
        assert response.status_code == 302, f"{name} {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("login") + "?next="), f"{name} {url}"
    assert checked > 100


def test_the_patterns_open_without_login_are_exactly_the_declared_ones():
    open_views = {name for name, pattern in patterns()
                  if getattr(pattern.callback, "login_required", True) is False and not name.startswith("api:")}
    expected = {name for name in OPEN_WITHOUT_LOGIN if not name.startswith("api:")}
    expected |= {name for name in open_views if name.startswith(PUBLIC_NAMESPACES)}
    assert open_views == expected
    assert {"showcase:index", "showcase_en:model", "showcase:photo"} <= open_views
