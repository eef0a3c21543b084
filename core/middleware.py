from . import audit


class AuditRefusalsMiddleware:
    """Every refused request (403: a permission check, a CSRF failure, a locked page) goes to the audit log, with who
    asked for what. A 404 for a record one may not see is not a refusal to log: it answers as if there were none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            audit.record(
                getattr(request, "user", None),
                audit.FORBIDDEN,
                request=request,
                method=request.method,
                view=getattr(getattr(request, "resolver_match", None), "view_name", ""),
            )
        return response
