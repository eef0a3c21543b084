"""The API speaks the language of the request's Accept-Language (Vietnamese or English), Vietnamese by default.

The web pages ignore Accept-Language on purpose (accounts.middleware): an office PC with an English browser
should still greet officials in Vietnamese. A machine client says what it wants instead.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


def language_of(request) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        code = code.lower().split("-")[0]
        if code in supported:
            return code
    return settings.LANGUAGE_CODE


class RequestLanguageMixin:
    """Activates the request's language before authentication, parsing and permissions, so every error of
    the request is in it; says it in Content-Language."""

    def initial(self, request, *args, **kwargs):
        language = language_of(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response
