"""What every API view shares: no login redirect (the API answers 401 itself), the request's language, the
permission a reader needs (403 without it), and the record of every write made with a token."""

from django.contrib.auth.decorators import login_not_required
from rest_framework import permissions, viewsets
from rest_framework.views import APIView

from ..language import RequestLanguageMixin
from ..models import ApiToken, TokenWrite


class ApiMixin(RequestLanguageMixin):
    required_permission = ""

    @classmethod
    def as_view(cls, *args, **kwargs):
        # LoginRequiredMiddleware would send a token client to the login page; the API answers 401 itself.
        return login_not_required(super().as_view(*args, **kwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = getattr(request, "auth", None)
        wrote = request.method not in permissions.SAFE_METHODS and response.status_code < 400
        if wrote and isinstance(token, ApiToken):
            TokenWrite.objects.create(
                token=token, method=request.method, path=request.path[:300], status=response.status_code
            )
        return response


class ApiView(ApiMixin, APIView):
    pass


class ReadOnlyViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    def filter_queryset(self, queryset):
        # The list's filters choose rows of a list; a record is found by its id among all the user may see
        # (the models list's default "in the list" must not hide a draft from its own page).
        return super().filter_queryset(queryset) if self.action == "list" else queryset
