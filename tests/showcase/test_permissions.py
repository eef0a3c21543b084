"""The public showcase for every role (tests/permissions.py): everyone, signed in or not, reads what is published
(the same page, whatever the role), and nobody finds what is not (404), in both languages. Switched off, it is
a 404 for everyone (test_pages.py)."""

import pytest

from tests.permissions import Row, cells, check, check_other_method, expect, other_methods

EVERYONE = expect(200, anonymous=200)
NOBODY = expect(404, anonymous=404)


def rows(namespace, prefix):
    def row(name, url, outcomes, label):
        return Row(f"{namespace}:{name}", lambda w, url=url: prefix + url(w), outcomes, label=f"{label} ({namespace})")

    return [
        row("index", lambda w: "", EVERYONE, "index"),
        row("compilation", lambda w: f"compilations/{w.compilation.pk}/", EVERYONE, "published compilation"),
        row("compilation", lambda w: f"compilations/{w.open_compilation.pk}/", NOBODY, "compilation in preparation"),
        row("models", lambda w: "models/", EVERYONE, "list"),
        row("models_csv", lambda w: "models.csv", EVERYONE, "list as CSV"),
        row("models_json", lambda w: "models.json", EVERYONE, "list as JSON"),
        row("model", lambda w: f"models/{w.public_model.code}/", EVERYONE, "typical model"),
        row("model", lambda w: f"models/{w.draft.code}/", NOBODY, "draft"),
        row("model", lambda w: f"models/{w.removed.code}/", NOBODY, "removed typical model"),
        row("photo", lambda w: f"photos/{w.entry.pk}/", EVERYONE, "published entry's photo"),
        row("photo", lambda w: f"photos/{w.open_entry.pk}/", NOBODY, "photo of an entry in preparation"),
    ]


MATRIX = rows("showcase", "/public/") + rows("showcase_en", "/public/en/")


@pytest.mark.django_db
@cells(MATRIX)
def test_access(client, request, world, row, role):
    check(client, request, world, row, role)


@pytest.mark.django_db
@other_methods(MATRIX)
def test_the_other_method(client, request, world, row, method):
    check_other_method(client, request, world, row, method)
