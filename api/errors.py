"""The services' refusals as API answers: a Django ValidationError is a 400 saying which field and why, a
stale version or a case somebody just decided is a 409, a refused workflow move is a 409 too (the record is
not in a state that allows it). Everything else is DRF's own handling."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.exceptions import AlreadyDecidedError, ConcurrentEditError

STALE = "stale_version"


def _messages(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for m in DjangoValidationError(errors).messages]
            for field, errors in error.error_dict.items()
        }
    return {"detail": " ".join(str(m) for m in error.messages)}


def api_exception_handler(exc, context):
    if isinstance(exc, ConcurrentEditError):
        return Response(
            {
                "detail": _("Somebody else changed this record since the version you sent. Read it again."),
                "code": STALE,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, AlreadyDecidedError):
        return Response(
            {"detail": _("Somebody else decided this case first."), "code": "already_decided"},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        body = _messages(exc)
        illegal = getattr(exc, "code", None) == "illegal_transition"
        if illegal:
            body["code"] = "illegal_transition"
        return Response(body, status=status.HTTP_409_CONFLICT if illegal else status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = NotFound()  # "Not found.", not Django's message naming the model class
    return exception_handler(exc, context)
