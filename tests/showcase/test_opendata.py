"""The public list as open data: CSV (formula-safe, core/spreadsheets.py) and JSON, with documented columns and the
licence, filtered like the page."""

import csv
import io
import json

import pytest

from showcase.opendata import COLUMNS

pytestmark = pytest.mark.django_db

NAMES = [column.name for column in COLUMNS]


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_csv_has_the_licence_line_and_the_documented_columns(client, world, settings):
    settings.PUBLIC_DATA_LICENCE = "CC BY 4.0"
    response = client.get("/public/models.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = read_csv(response)
    assert "CC BY 4.0" in lines[1][0] and "https://creativecommons.org/licenses/by/4.0/" in lines[1][0]
    header = lines.index(NAMES)
    rows = {row[0]: dict(zip(NAMES, row, strict=True)) for row in lines[header + 1:]}
    assert set(rows) == {world.public_model.code, world.flagged_model.code}
    row = rows[world.public_model.code]
    assert row["name"] == world.public_model.name
    assert row["field"] == world.road.name
    assert row["unit_registered"] == world.merged_commune.name
    assert row["units_today"] == world.commune_today.name
    assert row["year_recognised"] == "2023"
    assert row["url"] == f"http://testserver/public/models/{world.public_model.code}/"


def test_the_csv_follows_the_lists_filters(client, world):
    lines = read_csv(client.get("/public/models.csv", {"field": world.light.pk}))
    codes = [row[0] for row in lines[lines.index(NAMES) + 1:]]
    assert codes == [world.flagged_model.code]


def test_a_name_a_spreadsheet_would_run_is_written_as_text(client, world):
    world.public_model.refresh_from_db()
    world.public_model.name = "=HYPERLINK(\"http://x\")"
    world.public_model.save()
    lines = read_csv(client.get("/public/models.csv"))
    assert ["'=HYPERLINK(\"http://x\")"] == [row[1] for row in lines if row and row[0] == world.public_model.code]


def test_the_json_documents_its_columns_and_licence(client, world, settings):
    settings.PUBLIC_DATA_LICENCE = "CC BY-SA 4.0"
    settings.PUBLIC_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
    response = client.get("/public/models.json")
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["licence"] == {"name": "CC BY-SA 4.0", "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
    assert [column["name"] for column in document["columns"]] == NAMES
    assert all(column["description"] for column in document["columns"])
    assert document["count"] == 2
    model = next(m for m in document["models"] if m["code"] == world.public_model.code)
    assert set(model) == set(NAMES)
    assert model["units_today"] == world.commune_today.name
    assert model["year_started"] == 2021


def test_the_english_json_describes_its_columns_in_english(client, world):
    english = json.loads(client.get("/public/en/models.json").content)
    vietnamese = json.loads(client.get("/public/models.json").content)
    assert english["columns"][1]["description"] == "Name of the model"
    assert vietnamese["columns"][1]["description"] != "Name of the model"
