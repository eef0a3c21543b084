"""Pages that cost the same on the first page and the last, at 10,000 rows or 1,000,000.

`KeysetPage` reads a page as "the rows after (or before) this row in the list's order", which an index on the
sort column and id serves directly, instead of OFFSET, which reads and throws away every row before the page.
The last page is the first page of the reversed order. The position is a cursor in the URL (`after=` or
`before=`), so a page's address can be shared and bookmarked; the list's filters and sort stay in the URL beside
it. An old `?page=N` link still opens page N (by OFFSET: fine for the first pages people actually visit).

`capped_count()` counts the matching rows only up to a cap: above it a list says "more than 1,000" (reading
830,000 index entries to print a number nobody reads costs 100 ms to 2 s); below it the exact figure.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, OrderBy, Q
from django.db.models.expressions import Col

LAST = "last"


def capped_count(queryset, cap: int) -> tuple[int, bool]:
    """(the number of rows, whether it is capped): at most `cap`, and True when there are more."""
    # Only the keys: the list's computed columns (a model's spread) cost nothing to count without.
    count = queryset.order_by().values("pk")[: cap + 1].count()
    return (cap, True) if count > cap else (count, False)


@dataclass(frozen=True)
class SortKey:
    lookup: str  # "name", "owner_agency_name", "pk"
    descending: bool

    @property
    def nulls_first(self) -> bool:
        # The same on every database (PostgreSQL's own default): nulls after the values going up, before them
        # going down, so an index read backwards gives exactly the reversed order.
        return self.descending

    def reversed(self) -> SortKey:
        return SortKey(self.lookup, not self.descending)

    def order_by(self) -> OrderBy:
        expression = F(self.lookup)
        if self.descending:
            return expression.desc(nulls_first=True)
        return expression.asc(nulls_last=True)

    def value_of(self, row):
        value = row
        for part in self.lookup.split("__"):
            value = getattr(value, part)
            if value is None:
                return None
        return value

    def after(self, value) -> Q:
        """The rows strictly after `value` in this key's order."""
        if value is None:
            return Q(**{f"{self.lookup}__isnull": False}) if self.nulls_first else Q(pk__in=[])
        beyond = Q(**{f"{self.lookup}__{'lt' if self.descending else 'gt'}": value})
        return beyond if self.nulls_first else beyond | Q(**{f"{self.lookup}__isnull": True})

    def equal(self, value) -> Q:
        return Q(**{f"{self.lookup}__isnull": True}) if value is None else Q(**{self.lookup: value})


def sort_keys(queryset) -> list[SortKey]:
    """The queryset's order as keys, ending with the primary key (added if missing) so the order is total."""
    keys = []
    for item in queryset.query.order_by or queryset.model._meta.ordering:
        if isinstance(item, str):
            keys.append(SortKey(item.lstrip("-"), item.startswith("-")))
        elif isinstance(item, OrderBy) and isinstance(item.expression, (F, Col)):
            name = item.expression.name if isinstance(item.expression, F) else item.expression.target.name
            keys.append(SortKey(name, item.descending))
        else:
            raise ValueError(f"Cannot page by keys over {item!r}")
    if not any(key.lookup in ("pk", "id") for key in keys):
        keys.append(SortKey("pk", keys[-1].descending if keys else False))
    return keys


def _after(keys: list[SortKey], values: list) -> Q:
    """Lexicographic "after": the first key beyond its value, or equal and the rest after theirs."""
    key, value = keys[0], values[0]
    if len(keys) == 1:
        return key.after(value)
    return key.after(value) | (key.equal(value) & _after(keys[1:], values[1:]))


def _seek(keys: list[SortKey], values: list) -> Q:
    condition = _after(keys, values)
    # The first key's value bounds the range too: said plainly, the database can start its index read there
    # instead of filtering the rows before it one by one.
    first, value = keys[0], values[0]
    if value is not None and first.lookup not in ("pk", "id"):
        bound = Q(**{f"{first.lookup}__{'lte' if first.descending else 'gte'}": value})
        if not first.nulls_first:  # nulls come after every value going up: they are after the cursor too
            bound |= Q(**{f"{first.lookup}__isnull": True})
        condition &= bound
    return condition


def encode_cursor(values: list) -> str:
    raw = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values], ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list | None:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != size:
        return None
    if any(not isinstance(v, (str, int, float, type(None))) for v in values):
        return None
    return values


@dataclass
class KeysetPage:
    """One page of a list, read by keys. Offers what the templates need: the rows, the neighbours' cursors,
    and a `paginator` with the (capped) count."""

    object_list: list
    has_previous: bool
    has_next: bool
    previous_cursor: str | None = None
    next_cursor: str | None = None
    is_last: bool = False
    paginator: object = field(default=None)

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


@dataclass
class CappedCount:
    count: int
    capped: bool


def keyset_page(queryset, params, *, per_page: int, count_cap: int, counted=None) -> KeysetPage:
    """The page `params` (a QueryDict) asks for: `after=`/`before=` a cursor, `page=last`, `page=N`, or the first.
    `counted`, a `capped_count()` of the same rows already read (with a cap of at least `count_cap`), saves the
    count's query."""
    keys = sort_keys(queryset)
    if counted is None:
        count, capped = capped_count(queryset, count_cap)
    else:
        count, capped = (count_cap, True) if counted[0] > count_cap else counted
    paginator = CappedCount(count, capped)
    after = decode_cursor(params.get("after", ""), len(keys)) if params.get("after") else None
    before = decode_cursor(params.get("before", ""), len(keys)) if params.get("before") else None
    page = params.get("page", "")
    if page.isdecimal() and int(page) > 1:
        offset = (int(page) - 1) * per_page
        # A page past the end (an old link, a hand-typed number; one past the database's integers would be an
        # error) is the last page, as the lists have always shown it.
        if len(page) > 9 or (not capped and offset >= count):
            page = LAST

    def read(keys, values=None, offset=0):
        rows = queryset.order_by(*(key.order_by() for key in keys))
        if values is not None:
            try:
                rows = rows.filter(_seek(keys, values))
            except (TypeError, ValueError, ValidationError):
                pass  # a cursor edited by hand: its values do not fit the columns; start from the top
        return list(rows[offset : offset + per_page + 1])

    def cursor(row):
        return encode_cursor([key.value_of(row) for key in keys])

    backwards = [key.reversed() for key in keys]
    if before is not None:
        rows = read(backwards, before)
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_previous, has_next, is_last = more_before, True, False
    elif page == LAST:
        rows = read(backwards)
        has_previous = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_next, is_last = False, True
    else:
        if after is not None:
            rows, has_previous = read(keys, after), True
        elif page.isdecimal() and int(page) > 1:
            rows, has_previous = read(keys, offset=(int(page) - 1) * per_page), True
        else:
            rows, has_previous = read(keys), False
        has_next = len(rows) > per_page
        rows = rows[:per_page]
        is_last = not has_next
    return KeysetPage(
        object_list=rows,
        has_previous=has_previous and bool(rows),
        has_next=has_next and bool(rows),
        previous_cursor=cursor(rows[0]) if rows else None,
        next_cursor=cursor(rows[-1]) if rows else None,
        is_last=is_last,
        paginator=paginator,
    )
