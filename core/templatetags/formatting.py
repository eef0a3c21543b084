from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import search
from core.choices import rendered_fields

register = template.Library()


def display_number(value) -> str:
    """1234567.50 -> "1.234.567,5" in Vietnamese, "1,234,567.5" in English; whole numbers without decimals."""
    if value in (None, ""):
        return ""
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, force_grouping=True)


register.filter("num", display_number)


@register.filter("highlight")
def highlight_filter(text, query):
    """`{{ model.name|highlight:search_query }}`: escaped, the words of the search in <mark> (core.search)."""
    return search.highlight(str(text or ""), query or "")


@register.filter("match_snippet")
def match_snippet_filter(text, query):
    """A short piece of `text` around the first match of the search, highlighted; empty when it does not match."""
    return search.snippet(str(text or ""), query or "") if query else ""


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A column header that sorts by `key`, then the other way on a second click; keeps the filters."""
    request = context["request"]
    current = request.GET.get("o", "")
    descending = current == key
    params = request.GET.copy()
    params["o"] = f"-{key}" if descending else key
    for position in ("page", "after", "before"):  # a new order starts at its first page
        params.pop(position, None)
    arrow = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
    sort = "ascending" if current == key else "descending" if current == f"-{key}" else None
    return format_html(
        '<a href="?{}"{}>{}{}</a>',
        params.urlencode(),
        format_html(' aria-sort="{}"', sort) if sort else "",
        label,
        arrow,
    )


@register.filter("days_since")
def days_since(moment) -> int | str:
    """Whole days from `moment` (a datetime) to today, in the local time zone; "" for none."""
    if moment is None:
        return ""
    return (timezone.localdate() - timezone.localtime(moment).date()).days


@register.simple_tag
def filter_fields(filterset, exclude: str = ""):
    """A filter sidebar's fields, cached with the drop-downs' choices where they can be (core/choices.py)."""
    # The HTML of our own template, escaped as it was rendered; the cache gives it back as a plain str.
    return mark_safe(rendered_fields(filterset, exclude=tuple(filter(None, exclude.split(",")))))  # noqa: S308
