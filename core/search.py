"""Accent-insensitive search for Vietnamese.

Searchable text is stored folded (no diacritics, lower case, single spaces) in a `search_text` column,
so a query folded the same way is a plain substring match: `dan van kheo` finds "Dân vận khéo" and
`duong` finds "Đường". Each word of the query must appear, in any order (`hien dat dan van` finds "Dân vận
khéo trong vận động hiến đất"); words in double quotes must appear together ("nong thon moi"). On
PostgreSQL a trigram GIN index serves each of those matches (migration 0002); SQLite scans.
"""

import re

from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

_SPACES = re.compile(r"\s+")
# Shown under every search box.
SEARCH_HELP = _("Every word, in any order, with or without diacritics; “quotes” keep words together.")
_TERMS = re.compile(r'["“”]([^"“”]+)["“”]|([^\s"“”]+)')


def fold(text: str) -> str:
    return _SPACES.sub(" ", unidecode(text or "")).strip().lower()


def terms(text: str) -> list[str]:
    """The folded words and quoted phrases of a query, each to be found somewhere in the text."""
    return [fold(phrase or word) for phrase, word in _TERMS.findall(text or "") if fold(phrase or word)]


def matching(queryset, text: str, column: str = "search_text"):
    """The rows whose folded column holds every term of `text` (all of them when there is none)."""
    for term in terms(text):
        # `contains`, not `icontains`: the column is already lower case, and a plain LIKE is what the
        # trigram index on PostgreSQL serves.
        queryset = queryset.filter(**{f"{column}__contains": term})
    return queryset
