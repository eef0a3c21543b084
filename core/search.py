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


# Ranking. A searched list, unless its reader chose a sort, shows first the rows whose name holds the whole query
# as written, then those whose name holds every word, then fewer of them, and last those that match only in the
# other searched text (description, code); within a rank by code. Plain CASE WHEN over the folded columns: the
# same order on SQLite and PostgreSQL. (Trigram similarity would break ties further on PostgreSQL only, as a
# float that the list's keyset cursor would then have to carry; the code is a clearer tie-breaker.)


def search_rank(text: str, column: str = "search_name"):
    """An integer expression, lower is better: twice the number of query terms missing from `column`, plus one
    unless `column` holds the whole folded query. None when the query has no term."""
    from django.db.models import Case, IntegerField, Value, When

    found = terms((text or "")[:MAX_SEARCH_LENGTH])[:MAX_SEARCH_WORDS]
    if not found:
        return None
    expression = Case(When(**{f"{column}__contains": " ".join(found)}, then=Value(0)), default=Value(1),
                      output_field=IntegerField())
    for term in found:
        expression += Case(When(**{f"{column}__contains": term}, then=Value(0)), default=Value(2),
                           output_field=IntegerField())
    return expression


# Highlighting. The query is matched against the folded text, and the matches are marked in the original text: a
# map from each folded character back to the original character it came from (unidecode may turn one character
# into none or several, and runs of spaces fold to one).


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    folded, positions = [], []
    for index, char in enumerate(text):
        if char.isspace():
            if folded and folded[-1] != " ":
                folded.append(" ")
                positions.append(index)
            continue
        for part in unidecode(char).lower():
            if part.isspace():
                if folded and folded[-1] != " ":
                    folded.append(" ")
                    positions.append(index)
                continue
            folded.append(part)
            positions.append(index)
    return "".join(folded), positions


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """The (start, end) ranges of the original `text` where a term of `query` is found, merged and sorted."""
    text = text or ""
    found = terms((query or "")[:MAX_SEARCH_LENGTH])[:MAX_SEARCH_WORDS]
    if not text or not found:
        return []
    folded, positions = _folded_with_positions(text)
    spans = []
    for term in found:
        start = folded.find(term)
        while start != -1:
            spans.append((positions[start], positions[start + len(term) - 1] + 1))
            start = folded.find(term, start + len(term))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        # Overlapping, touching or only spaces apart: one mark ("<mark>dân vận khéo</mark>", not three).
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, query: str, spans=None) -> str:
    """`text`, HTML-escaped, with each match of `query` in a <mark>: safe to show as is."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = text or ""
    spans = match_spans(text, query) if spans is None else spans
    parts, at = [], 0
    for start, end in spans:
        parts.append(escape(text[at:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))


def snippet(text: str, query: str, width: int = 160) -> str:
    """About `width` characters of `text` around its first match of `query`, highlighted and escaped; empty
    when `query` is not found in it."""
    from django.utils.safestring import mark_safe

    text = _SPACES.sub(" ", text or "").strip()
    spans = match_spans(text, query)
    if not spans:
        return ""
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:  # begin at a word
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(first, start), end)
        end = space if space > first else end
    window = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    shown = highlight(text[start:end], "", spans=window)
    return mark_safe(("… " if start else "") + shown + (" …" if end < len(text) else ""))
