"""The public showcase: pages anyone may read, with no login, of what the province has published.

Every view reads through the `published_for_public()` words (MovementModel's and Nomination's), so a draft, a
compilation in preparation or a model removed from the list is a 404 here whoever asks. The pages carry no
per-user content, set no cookie and may be kept by shared caches (`public_page`). The language comes from the
address (/public/ Vietnamese, /public/en/ English), never from a cookie, so each address is one page.
"""

import functools
import hashlib
import json
from itertools import groupby
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from compilations.models import Compilation, Nomination
from core.files import stream_file
from core.pagination import keyset_page
from core.spreadsheets import spreadsheet_response
from dashboard import versioning
from models_registry.models import ModelIndicator, MovementModel

from . import opendata
from .filtersets import PublicModelFilterSet

ENGLISH_NAMESPACE = "showcase_en"
PAGE_SIZE = 24
COUNT_CAP = 1000
INDEX_MODELS = 6


def language_of(request) -> str:
    match = request.resolver_match
    return "en" if match is not None and match.namespace == ENGLISH_NAMESPACE else "vi"


def public_page(view):
    """No login; 404 when the showcase is switched off; the address's language; cacheable by anyone."""

    @login_not_required
    @require_GET
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PUBLIC_SHOWCASE_ENABLED:
            raise Http404("The public showcase is switched off.")
        language = language_of(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_SHOWCASE_CACHE_SECONDS)
        return response

    return wrapper


def kept_until_changed(view):
    """The page as rendered, kept in the shared cache until the data it shows changes: the key holds the registry
    version (dashboard/versioning.py), which every change to a model, its agency, field, unit or indicators, a
    compilation or an entry moves once committed. The same address gives anyone the same page (the language is part
    of it), so a page is kept per address, for PUBLIC_SHOWCASE_CACHE_SECONDS at most: new templates after a deploy
    are seen within the time shared caches may keep the page anyway. A kept page costs one small query.

    Only addresses without a query string are kept: their number is the number of public pages, while searches and
    filters are as many as anyone cares to type, and keeping each would let a visitor fill the cache."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.GET:
            return view(request, *args, **kwargs)
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"public-page:{versioning.current()}:{address}"
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), settings.PUBLIC_SHOWCASE_CACHE_SECONDS)
        return response

    return wrapper


def public_models():
    """The typical models shown publicly, with what a row shows, in a fixed number of queries whatever their
    number: the field, the owning agency, the unit as registered and the unit(s) standing for it today (the
    2025 successions, two steps deep, and a district's province)."""
    return MovementModel.objects.published_for_public().select_related(
        "field", "owner_agency", "registered_unit__parent"
    ).prefetch_related(
        "registered_unit__successors__successors",
        "registered_unit__parent__successors",
    )


def public_entries():
    """The published entries with their model and what an entry shows (its indicators among them)."""
    return (
        Nomination.objects.published_for_public()
        .select_related(
            "compilation", "model__field", "model__owner_agency", "model__registered_unit__parent"
        )
        .prefetch_related(
            "model__registered_unit__successors__successors",
            "model__registered_unit__parent__successors",
            Prefetch("model__indicators", queryset=ModelIndicator.objects.select_related("indicator_type")),
        )
    )


def public_compilations():
    return Compilation.objects.published().annotate(
        entry_count=Count("nominations", filter=Q(nominations__in=Nomination.objects.published_for_public()))
    )


def render_public(request, template: str, context: dict):
    """Render a public page with what every one shows (the open data's licence)."""
    licence = {"name": settings.PUBLIC_DATA_LICENCE, "url": settings.PUBLIC_DATA_LICENCE_URL}
    return render(request, template, {**context, "licence": licence})


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _og(request, *, title, description="", image_path=""):
    """The Open Graph tags of a page: what a messaging app shows for a shared link."""
    return {
        "title": title,
        "description": " ".join((description or "").split())[:300],
        "url": _absolute(request.path),
        "image": _absolute(image_path) if image_path else "",
        "locale": "en_GB" if language_of(request) == "en" else "vi_VN",
    }


def _photo_path(request, entry) -> str:
    return reverse("showcase:photo", args=[entry.pk], current_app=request.resolver_match.namespace)


@public_page
@kept_until_changed
def index(request):
    compilations = list(public_compilations())
    latest = list(public_models().order_by("-recognition_year", "name", "pk")[:INDEX_MODELS])
    return render_public(
        request,
        "showcase/index.html",
        {
            "compilations": compilations,
            "models": latest,
            "model_count": MovementModel.objects.published_for_public().count(),
            "og": _og(request, title=_("Skilled Mass Mobilization: typical models"),
                      description=_("The typical models of the “Dân vận khéo” movement the province has published.")),
        },
    )


@public_page
@kept_until_changed
def compilation_detail(request, pk):
    compilation = get_object_or_404(Compilation.objects.published(), pk=pk)
    entries = list(public_entries().filter(compilation=compilation).in_booklet_order())
    fields = [(field, list(group)) for field, group in groupby(entries, key=lambda entry: entry.model.field)]
    first_photo = next((entry for entry in entries if entry.photo), None)
    return render_public(
        request,
        "showcase/compilation_detail.html",
        {
            "compilation": compilation,
            "fields": fields,
            "entry_count": len(entries),
            "og": _og(
                request,
                title=compilation.title,
                description=_("%(count)s typical models, %(period)s") % {"count": len(entries),
                                                                         "period": compilation.period},
                image_path=_photo_path(request, first_photo) if first_photo else "",
            ),
        },
    )


def _filtered(request):
    """The list's FilterSet and its rows; a filter that does not validate (a search too long, a unit that is not
    a commune today) lists nothing and says why beside the box."""
    filterset = PublicModelFilterSet(request.GET or None, queryset=public_models())
    if not filterset.is_bound:
        rows = filterset.queryset
    elif filterset.is_valid():
        rows = filterset.qs
    else:
        rows = filterset.queryset.none()
    return filterset, rows.order_by("name", "pk")


@public_page
@kept_until_changed
def model_list(request):
    filterset, rows = _filtered(request)
    page = keyset_page(rows, request.GET, per_page=PAGE_SIZE, count_cap=COUNT_CAP)
    return render_public(
        request,
        "showcase/model_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "models": page.object_list,
            "query_string": request.GET.urlencode(),
            "og": _og(request, title=_("Typical models"),
                      description=_("Search the typical models of the “Dân vận khéo” movement.")),
        },
    )


@public_page
@kept_until_changed
def model_detail(request, code):
    model = get_object_or_404(public_models(), code=code)
    entries = list(
        Nomination.objects.published_for_public().filter(model=model).select_related("compilation")
        .order_by("-compilation__last_year", "-compilation__pk")
    )
    indicators = list(model.indicators.select_related("indicator_type").order_by("year", "indicator_type__order", "pk"))
    photo_entry = next((entry for entry in entries if entry.photo), None)
    return render_public(
        request,
        "showcase/model_detail.html",
        {
            "model": model,
            "entries": entries,
            "photo_entry": photo_entry,
            "indicators": indicators,
            "og": _og(
                request,
                title=model.name,
                description=entries[0].write_up if entries else "",
                image_path=_photo_path(request, photo_entry) if photo_entry else "",
            ),
        },
    )


@public_page
def entry_photo(request, pk):
    """An entry's photo, and no other file: only an entry of a published compilation (of a model still shown
    publicly) has one here, under a neutral name (the model's code), never the stored path or the uploaded name."""
    entry = get_object_or_404(Nomination.objects.published_for_public().select_related("model"), pk=pk)
    if not entry.photo:
        raise Http404("This entry has no photo.")
    suffix = PurePath(entry.photo_name or entry.photo.name).suffix.lower()
    return stream_file(entry.photo, name=f"{entry.model.code}{suffix}", content_type=entry.photo_content_type)


@public_page
def model_list_csv(request):
    _filterset, rows = _filtered(request)
    return spreadsheet_response(
        "csv",
        filename="mo-hinh-tieu-bieu",
        title=opendata.title_block(),
        headers=[column.name for column in opendata.COLUMNS],
        rows=(opendata.row(model, request) for model in rows.iterator(chunk_size=500)),
    )


@public_page
def model_list_json(request):
    _filterset, rows = _filtered(request)
    models = [dict(zip((c.name for c in opendata.COLUMNS), opendata.row(model, request), strict=True))
              for model in rows.iterator(chunk_size=500)]
    document = {**opendata.about(), "count": len(models), "models": models}
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
