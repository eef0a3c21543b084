"""Drop-down choices that a list page renders on every request, read and rendered once per change.

The filters of a list offer every agency, field and administrative unit: hundreds of options, which cost two
or three queries and most of a page's Python time when built and rendered afresh each time. A FilterSet that
names them in `cached_choices` gets them from the cache instead, keyed by `ChoicesVersion`, one row that the
watched tables bump in the same transaction as any change to them (`watch()`), so no page offers a stale
choice, in any worker process. The rendered <select> is cached too, per chosen value.

Cost per page: one tiny query (the version) instead of one per drop-down.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.forms.models import ModelChoiceIteratorValue
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .filters import DeclaredFiltersMixin
from .models import ChoicesVersion, read_version

CACHE_SECONDS = 24 * 60 * 60  # a new version makes new keys anyway; this only lets old keys expire


def current() -> int:
    return read_version(ChoicesVersion)


def bump(*, raw=False, **_signal):
    """Make every cached choice stale: call it from the transaction that changes a watched table."""
    if raw:  # loaddata: fixtures bring their own rows
        return
    # A random value, not a counter: a transaction rolled back (or a database restored) could otherwise bring
    # back a number whose cached choices were read from rows that no longer exist.
    version = secrets.randbits(62)
    if not ChoicesVersion.objects.filter(pk=1).update(version=version):
        ChoicesVersion.objects.get_or_create(pk=1, defaults={"version": version})


def watch(*models):
    """Bump the version whenever one of `models` is saved or deleted (a bulk update must call bump())."""
    for model in models:
        uid = f"core.choices.{model._meta.label}"
        post_save.connect(bump, sender=model, dispatch_uid=uid + ".save", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=uid + ".delete", weak=False)


def _plain(choices) -> list:
    """The field's choices as plain, picklable (value, label) pairs, option groups kept."""
    plain = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            plain.append((str(value), _plain(label)))
        else:
            plain.append((value.value if isinstance(value, ModelChoiceIteratorValue) else value, str(label)))
    return plain


def _render_once(widget, key: str):
    """The widget's render(), remembered per name, value and attributes."""
    render = widget.render

    def cached_render(name, value, attrs=None, renderer=None):
        rendering = f"{name}:{value!r}:{sorted((attrs or {}).items())!r}"
        html_key = f"{key}:html:{hashlib.sha1(rendering.encode()).hexdigest()}"
        html = cache.get(html_key)
        if html is None:
            html = render(name, value, attrs, renderer)
            cache.set(html_key, html, CACHE_SECONDS)
        return html

    widget.render = cached_render


class CachedChoicesMixin(DeclaredFiltersMixin):
    """For a FilterSet: the drop-downs named in `cached_choices` come from the cache (see the module's doc)."""

    cached_choices: tuple[str, ...] = ()

    def _narrowing(self, name, field) -> str:
        """'' for a drop-down offering the declared choices, else the digest of what it was narrowed to."""
        if self.as_declared(name):
            return ""
        # Narrowed, or chosen per request: each narrowing is cached apart, keyed by its SQL.
        query = str(field.queryset.query) if getattr(field, "queryset", None) is not None else ""
        return hashlib.sha1(query.encode()).hexdigest()

    @property
    def form(self):
        form = super().form
        if self.cached_choices and not getattr(form, "_choices_cached", False):
            form._choices_cached = True
            version = current()
            form._choices_keys = []  # what the cached drop-downs were read under: the rendered fields' key too
            for name in self.cached_choices:
                field = form.fields.get(name)
                if field is None:  # a FilterSet that leaves out a filter its parent caches
                    continue
                narrowed = self._narrowing(name, field)
                key = f"choices:{version}:{get_language()}:{type(self).__qualname__}.{name}:{narrowed}"
                form._choices_keys.append(key)
                choices = cache.get(key)
                if choices is None:
                    choices = _plain(field.choices)
                    cache.set(key, choices, CACHE_SECONDS)
                # Plain pairs, past django-filter's and ModelChoiceField's own setters (which re-query), and past
                # ChoiceField's and its widget's, which would walk the hundreds of options again (twice) to
                # normalise what _plain() already gave in Django's normal form.
                field._choices = field.widget._choices = choices
                _render_once(field.widget, key)
        return form


def rendered_fields(filterset, *, exclude=()) -> str:
    """The filter form's fields as includes/field.html renders them (a list's sidebar).

    Rendering a dozen fields, their labels and widgets is most of a list page's Python time, and it depends only on
    the form's data (values, and the errors they give), the language and the drop-downs' options. So when every
    drop-down read from the database is one the version watches (`cached_choices`), the HTML is cached under the
    same version, per data and language; any other FilterSet is rendered afresh.
    """
    form = filterset.form
    fields = [form[name] for name in form.fields if name not in exclude]

    def render():
        return render_to_string("includes/fields.html", {"fields": fields})

    watched = set(getattr(filterset, "cached_choices", ()))
    if not hasattr(form, "_choices_keys") or any(
        getattr(field, "queryset", None) is not None and name not in watched for name, field in form.fields.items()
    ):
        return render()
    # The data the fields read: their own names, and a multi-widget's suffixed ones (year_started_min); a page
    # cursor or the sort order are not theirs and would only split the cache.
    names = [form.add_prefix(name) for name in form.fields]
    data = sorted(
        (key, form.data.getlist(key) if hasattr(form.data, "getlist") else form.data[key])
        for key in (form.data or {})
        if any(key == name or key.startswith(f"{name}_") for name in names)
    )
    described = repr((type(filterset).__qualname__, form.is_bound, data, sorted(exclude), form._choices_keys))
    key = f"fields:{get_language()}:{hashlib.sha1(described.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, CACHE_SECONDS)
    return html
