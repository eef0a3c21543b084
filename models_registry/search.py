"""Accent-insensitive search for Vietnamese.

Searchable text is stored folded (no diacritics, lower case, single spaces) in a `search_text` column,
so a query folded the same way is a plain substring match: `dan van kheo` finds "Dân vận khéo" and
`duong` finds "Đường". On PostgreSQL a trigram GIN index serves that match (migration 0002); SQLite scans.
"""

import re

from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    return _SPACES.sub(" ", unidecode(text or "")).strip().lower()
