"""Addresses as reverse() gives them, without reversing once per row: a record's page (`reverse_pk`) and a page
without arguments, such as a list whose address a dashboard's rows each link to with their own filters (`address`).

Django's reverse() walks the URL patterns and checks its result against the pattern's regex on every call:
0.1 ms here, so 2.5 ms of a list page that links each of its 25 rows. The address of a record's page differs
from any other's only by its key, so it is reversed once (per URL configuration and script prefix, which a
deployment under a sub-path sets per request) with a marker in the key's place, and the key is put in the
marker's place after.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Digits, as an integer key is, and long enough never to be a real part of an address.
_MARKER = "7309452871436085"


@functools.lru_cache(maxsize=256)
def _around_key(viewname: str, urlconf: str, prefix: str) -> tuple[str, str]:
    head, _marker, tail = reverse(viewname, urlconf=urlconf, args=[_MARKER]).rpartition(_MARKER)
    return head, tail


@functools.lru_cache(maxsize=256)
def _reversed(viewname: str, urlconf: str, prefix: str) -> str:
    return reverse(viewname, urlconf=urlconf)


def address(viewname: str) -> str:
    """reverse(viewname) for a view without arguments."""
    return _reversed(viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def reverse_pk(viewname: str, pk: int) -> str:
    """reverse(viewname, args=[pk]) for a view whose one argument is a record's integer key."""
    head, tail = _around_key(viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return f"{head}{pk}{tail}"
