from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def same_page_in(context, language: str) -> str:
    """The address of this public page in `language` ("vi" or "en"): /public/... and /public/en/... are the same
    page, so the switch is a plain link (no form, no cookie), and the filters and the page stay."""
    request = context["request"]
    vietnamese, english = reverse("showcase:index"), reverse("showcase:index", current_app="showcase_en")
    path = request.path
    rest = path[len(english):] if path.startswith(english) else path[len(vietnamese):]
    query = request.META.get("QUERY_STRING", "")
    return (english if language == "en" else vietnamese) + rest + (f"?{query}" if query else "")


@register.filter
def today_names(unit) -> str:
    """The names of the unit(s) standing for `unit` today, joined (prefetched by the views: no query)."""
    return ", ".join(current.name for current in unit.current_units())
