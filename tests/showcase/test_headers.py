"""Public pages are cacheable by anyone: no per-user content, no cookie set, Cache-Control public; the same security
headers as every page; Open Graph tags with absolute addresses."""

import re

import pytest

pytestmark = pytest.mark.django_db


def public_urls(world):
    return [
        "/public/",
        "/public/en/",
        f"/public/compilations/{world.compilation.pk}/",
        "/public/models/",
        "/public/models/?q=duong",
        f"/public/models/{world.public_model.code}/",
        f"/public/en/models/{world.public_model.code}/",
        "/public/models.csv",
        "/public/models.json",
        f"/public/photos/{world.entry.pk}/",
    ]


def test_every_public_answer_is_cacheable_and_sets_no_cookie(client, world, settings):
    settings.PUBLIC_SHOWCASE_CACHE_SECONDS = 120
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=120"} <= control, (url, control)
        assert "private" not in control and "no-cache" not in control
        assert not response.cookies, (url, response.cookies)  # neither session nor CSRF cookie
        # The language is in the address, not in a header or a cookie the page depends on.
        assert "Accept-Language" not in response.get("Vary", ""), url


def test_a_signed_in_visitor_gets_the_same_page(client, world):
    anonymous = client.get(f"/public/models/{world.public_model.code}/").content
    client.force_login(world.official)
    signed_in = client.get(f"/public/models/{world.public_model.code}/")
    assert signed_in.content == anonymous
    assert world.official.username not in signed_in.content.decode()


def test_public_pages_carry_the_security_headers(client, world):
    response = client.get("/public/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def og(page: str) -> dict:
    return dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', page))


def test_the_model_page_has_open_graph_tags_with_absolute_addresses(client, world, settings):
    settings.SITE_URL = "https://danvankheo.example.gov.vn"
    tags = og(client.get(f"/public/models/{world.public_model.code}/").content.decode())
    assert tags["title"] == world.public_model.name
    assert tags["description"].startswith("Nhân dân tự nguyện hiến 3.500 m²")
    assert tags["url"] == f"https://danvankheo.example.gov.vn/public/models/{world.public_model.code}/"
    assert tags["image"] == f"https://danvankheo.example.gov.vn/public/photos/{world.entry.pk}/"
    assert tags["locale"] == "vi_VN"


def test_every_public_page_has_open_graph_tags(client, world):
    for url in public_urls(world)[:7]:
        tags = og(client.get(url).content.decode())
        assert tags["title"] and tags["url"].startswith("http://testserver/public/"), url


def test_the_compilation_shares_its_first_photo(client, world):
    tags = og(client.get(f"/public/en/compilations/{world.compilation.pk}/").content.decode())
    assert tags["title"] == world.compilation.title
    assert tags["image"].startswith("http://testserver/public/")
    assert tags["image"].endswith("/photos/" + str(world.entry.pk) + "/") or "/photos/" in tags["image"]
    assert tags["locale"] == "en_GB"
