"""Where a form sends the user back to: its `next` only when it is a URL of this site."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def next_or(request, default, *args, **kwargs) -> str:
    """The request's `next` (POST, then GET) when it is a path on this site, else `default` (a URL, a URL
    pattern's name with `args`/`kwargs`, or a model with get_absolute_url)."""
    target = request.POST.get("next") or request.GET.get("next")
    # A path, not any relative reference: redirect() would read "0" or "list" as a URL pattern's name.
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default, *args, **kwargs)
