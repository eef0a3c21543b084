"""What the browser tests share."""

from django.conf import settings
from django.utils import translation

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password


def in_default_language(msgid: str) -> str:
    """A label as a user with the default interface language (Vietnamese) reads it."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(msgid)
