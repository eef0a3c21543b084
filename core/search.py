"""Accent-insensitive search for Vietnamese.

Searchable text is stored folded (no diacritics, lower case, single spaces) in a `search_text` column,
so a query folded the same way is a plain substring match: `dan van kheo` finds "Dân vận khéo" and
`duong` finds "Đường". Each word of the query must appear, in any order (`hien dat dan van` finds "Dân vận
khéo trong vận động hiến đất"); words in double quotes must appear together ("nong thon moi"). On
PostgreSQL a trigram GIN index serves each of those matches (migration 0002); SQLite scans.

A query is bounded: every word is its own condition, and a 2,000-word query held a worker for seconds. Every
search box is a `SearchFilter` (or a `SearchField` in a plain form), which refuses a query of more than
MAX_SEARCH_WORDS words or MAX_SEARCH_LENGTH characters with a message beside the box; `matching()` itself never
looks at more than that, whoever calls it.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from unidecode import unidecode

MAX_SEARCH_WORDS = 12
MAX_SEARCH_LENGTH = 200

_SPACES = re.compile(r"\s+")
# Shown under every search box.
SEARCH_HELP = _("Every word, in any order, with or without diacritics; “quotes” keep words together.")
_TERMS = re.compile(r'["“”]([^"“”]+)["“”]|([^\s"“”]+)')


def fold(text: str) -> str:
    return _SPACES.sub(" ", unidecode(text or "")).strip().lower()


def terms(text: str) -> list[str]:
    """The folded words and quoted phrases of a query, each to be found somewhere in the text."""
    return [fold(phrase or word) for phrase, word in _TERMS.findall(text or "") if fold(phrase or word)]


def validate_search(text: str) -> None:
    """Refuse a query longer than the bounds, saying which one it passes."""
    if len(text) > MAX_SEARCH_LENGTH:
        raise ValidationError(
            _("A search may be at most %(limit)s characters long (this one has %(length)s)."),
            code="search_too_long",
            params={"limit": MAX_SEARCH_LENGTH, "length": len(text)},
        )
    if len(terms(text)) > MAX_SEARCH_WORDS:
        raise ValidationError(
            ngettext_lazy(
                "A search may have at most %(limit)s word or quoted phrase.",
                "A search may have at most %(limit)s words or quoted phrases.",
                "limit",
            ),
            code="search_too_many_words",
            params={"limit": MAX_SEARCH_WORDS},
        )


class SearchField(forms.CharField):
    """A search box: optional, bounded (validate_search)."""

    widget = forms.SearchInput
    default_validators = [validate_search]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("help_text", SEARCH_HELP)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """The `q` of every list's FilterSet: a SearchField, filtered by the FilterSet's `filter_search`."""

    field_class = SearchField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("help_text", SEARCH_HELP)
        kwargs.setdefault("method", "filter_search")
        super().__init__(*args, **kwargs)


def matching(queryset, text: str, column: str = "search_text"):
    """The rows whose folded column holds every term of `text` (all of them when there is none). Only the
    first MAX_SEARCH_WORDS terms of the first MAX_SEARCH_LENGTH characters count: the forms refuse more."""
    for term in terms((text or "")[:MAX_SEARCH_LENGTH])[:MAX_SEARCH_WORDS]:
        # `contains`, not `icontains`: the column is already lower case, and a plain LIKE is what the
        # trigram index on PostgreSQL serves.
        queryset = queryset.filter(**{f"{column}__contains": term})
    return queryset
