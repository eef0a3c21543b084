"""Shared by the tests that try to break the app with bad input."""

import pytest
from django.core.cache import cache
from django.utils import translation

# What officials paste from Word (vertical tab = line break, form feed = page break) and what a hostile or broken
# client sends: other C0 controls, U+FFFE. Not NUL: PostgreSQL cannot store it at all (the forms drop it).
CONTROL = "\x01\x08\x0b\x0c\x1b\x1f\ufffe"
# The ones that are dropped (Word's line and page breaks become line breaks instead).
DROPPED = "\x01\x08\x1b\x1f\ufffe"


@pytest.fixture(autouse=True)
def _english_and_no_cache(settings):
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def dirty(text: str) -> str:
    """`text` with control characters in the middle and a line break from Word at the end, as a row written
    before the cleaning existed."""
    half = len(text) // 2
    return f"{text[:half]}{DROPPED}{text[half:]}\x0b"


def store_raw(instance, **values) -> None:
    """Write `values` straight to the row (QuerySet.update sends no pre_save): what an older database holds."""
    type(instance).objects.filter(pk=instance.pk).update(**values)
